/**
 * OSVI AI for ChatBridge: the typed {@link dev.chatbridge.osvi.OsviClient} (Chat v1 and the legacy chat-session
 * API) and the {@code osvi} provider behind the vendor-neutral {@link dev.chatbridge.ChatClient}.
 */
package dev.chatbridge.osvi;
