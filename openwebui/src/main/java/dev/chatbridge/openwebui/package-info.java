/**
 * Open WebUI for ChatBridge: the typed {@link dev.chatbridge.openwebui.OpenWebUiClient} (stored chats, models,
 * completions) with Open WebUI's own models, and the {@code openwebui} provider
 * ({@link dev.chatbridge.openwebui.OpenWebUiProvider}) behind the vendor-neutral {@link dev.chatbridge.ChatClient},
 * which keeps each send's history in the stored chat. The public types are API; the backend, mapping and error
 * classes are package-private.
 *
 * <p>Server generations (option {@code history}, default {@code auto}, read once per client from
 * {@code GET /api/version}): from v0.11.0 the server keeps the history of a chat-bound completion itself and the
 * reply is read from the chat as it grows (server-managed); before it, the client sends an unbound completion and
 * writes the exchange back, merged into the chat as re-read right before the write and checked afterwards, since up
 * to v0.10 a chat update replaces the whole history (client-managed). 0.11.0 is the first version for which both
 * the per-message merge and the turn API are confirmed upstream; the README has the evidence. On the server-managed
 * path {@code cancel()} also stops the server's task; the client claims
 * {@link dev.chatbridge.Capability#STOP_GENERATION} only with {@code history=server}, since its capabilities are
 * fixed before the version is read.
 */
package dev.chatbridge.openwebui;
