/**
 * OpenCX for ChatBridge: the typed {@link dev.chatbridge.opencx.OpenCxClient} (every documented chat-session
 * endpoint, send-and-wait for replies, redaction) with OpenCX's own models, and the {@code opencx} provider
 * ({@link dev.chatbridge.opencx.OpenCxProvider}) behind the vendor-neutral {@link dev.chatbridge.ChatClient}. The
 * public types are API; the backend, mapping and error classes are package-private.
 */
package dev.chatbridge.opencx;
