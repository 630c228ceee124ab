/**
 * Open WebUI for ChatBridge: the typed {@link dev.chatbridge.openwebui.OpenWebUiClient} (stored chats, models,
 * completions) with Open WebUI's own models, and the {@code openwebui} provider
 * ({@link dev.chatbridge.openwebui.OpenWebUiProvider}) behind the vendor-neutral {@link dev.chatbridge.ChatClient},
 * which keeps each send's history in the stored chat. The public types are API; the backend, mapping and error
 * classes are package-private.
 */
package dev.chatbridge.openwebui;
