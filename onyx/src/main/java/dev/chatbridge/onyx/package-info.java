/**
 * Onyx for ChatBridge: the typed {@link dev.chatbridge.onyx.OnyxClient} (every chat-session route, NDJSON reply
 * streams as {@link dev.chatbridge.onyx.OnyxStream}) with Onyx's own models, and the {@code onyx} provider
 * ({@link dev.chatbridge.onyx.OnyxProvider}) behind the vendor-neutral {@link dev.chatbridge.ChatClient}. The public
 * types are API; the backend, mapping and error classes are package-private.
 */
package dev.chatbridge.onyx;
