/**
 * Onyx for ChatBridge: the typed {@link dev.chatbridge.onyx.OnyxClient} (every chat-session route, NDJSON reply
 * streams as {@link dev.chatbridge.onyx.OnyxStream}) with Onyx's own models, and the {@code onyx} provider
 * ({@link dev.chatbridge.onyx.OnyxProvider}) behind the vendor-neutral {@link dev.chatbridge.ChatClient}. The public
 * types are API; the backend, mapping and error classes are package-private.
 *
 * <h2>Resumable streams (durable runs)</h2>
 *
 * <p>What the server does, read from onyx-dot-app/onyx at commit a7d66a8b778c3f9026c4f89dae47d14a3f84816f
 * ({@code backend/onyx/chat/process_message.py}, {@code backend/onyx/chat/stream_buffer.py},
 * {@code backend/onyx/chat/chat_processing_checker.py},
 * {@code backend/onyx/server/query_and_chat/chat_backend.py}); introduced by commit 6f81681c (v4.2.0, cloud
 * v4.1.0-cloud.6):
 * <ul>
 *   <li>A writer thread generates the reply to its end whether or not a client reads it, and appends every line it
 *       sends (the session line and the ids line first) to a per-run buffer, byte for byte the live lines.
 *       Heartbeats ({@code chat_heartbeat}, after 15 s of silence) are not buffered. The buffer is flushed in
 *       chunks (at every 50 ms idle tick or 32 KiB), kept 600 s after the run, capped at 16 MiB; an evicted chunk
 *       or a truncated buffer is a gap.</li>
 *   <li>{@code GET /chat/chat-session/{id}/resume-stream?cursor=N} replays buffer chunks N.. and then follows the
 *       run, adding its own heartbeats; it ends after the run's last line ({@code stop}, or a StreamingError), or
 *       early at a gap (possibly an empty 200). {@code cursor} counts chunks, which no line or header reveals, so
 *       ChatBridge always sends 0 (as Onyx's web and mobile clients do) and skips the complete non-heartbeat lines
 *       it already read: the live lines are a prefix of the buffered ones, so this is exact. A line cut by the
 *       failure is not counted and is read again.</li>
 *   <li>404 {@code {"error_code":"NOT_FOUND"}} ("No resumable run"): nothing runs, including a run that already
 *       ended (the run marker is deleted at its end although the buffer lives on); 404 {@code SESSION_NOT_FOUND}:
 *       the session is unknown, foreign or deleted; FastAPI's plain 404 {@code {"detail":"Not Found"}}: a server
 *       without the route (before v4.2.0).</li>
 *   <li>{@code get-chat-session} shows {@code current_run: {"run_id": n}} while the run is in flight ({@code n} =
 *       the reserved assistant message id, or the user message id for several models), null otherwise. The
 *       reserved assistant row exists from the ids line on with the placeholder text "Response was terminated
 *       prior to completion, try regenerating." and is updated in place at the end (the final text with its
 *       citation links as streamed; {@code error} set for a failed run).</li>
 *   <li>{@code stop-chat-session} sets a stop fence for 10 minutes, which the next turn clears when it starts.</li>
 * </ul>
 *
 * <p>What ChatBridge does with it: {@code OnyxEventSource} (rejoin, skip, check the replayed ids line, fall back to
 * the session, deliver only the missing suffix), bounded by {@code chatbridge.onyx.resume-attempts} and the call's
 * deadline; see the README section "Resumable streams".
 *
 * <h2>A send that failed before the ids line</h2>
 *
 * <p>The ids line is the only place Onyx names the user message and its reply. The user message is committed before
 * the reply row is reserved and the ids line sent ({@code process_message.py}), so a send whose POST was reset after
 * its body was written, timed out before the response, or broke before the ids line may have stored the message.
 * {@code parent_message_id} decides where it goes: omitted (what ChatBridge sends without a {@code parentId}) it is
 * -1, {@code AUTO_PLACE_AFTER_LATEST_MESSAGE}: after the last message of the mainline at the time the request is
 * processed; {@code null}: a restart from the root; a user message's id: a regeneration of that message's reply (no
 * new user message); any other id on the mainline: after it ({@code backend/onyx/server/query_and_chat/models.py}
 * {@code SendMessageRequest}, {@code process_message.py} where the parent is resolved). So only an explicit parent
 * lets the exchange be found again: the user message whose parent it is. With one, ChatBridge reads
 * {@code get-chat-session} until that message (and its reply) appears or the call's time runs out; without one it
 * throws {@link dev.chatbridge.SendOutcomeUnknownException} UNKNOWN at once. It never sends again; a refused
 * connection (nothing sent) stays a {@link dev.chatbridge.ConnectionException}. README, "When a connection drops".
 */
package dev.chatbridge.onyx;
