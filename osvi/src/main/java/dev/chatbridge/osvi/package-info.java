/**
 * OSVI AI for ChatBridge: the typed {@link dev.chatbridge.osvi.OsviClient} (Chat v1 and the legacy chat-session
 * API) with OSVI's own models, and the {@code osvi} provider ({@link dev.chatbridge.osvi.OsviProvider}) behind the
 * vendor-neutral {@link dev.chatbridge.ChatClient}. The public types are API; the backend, mapping and error
 * classes are package-private.
 */
package dev.chatbridge.osvi;
