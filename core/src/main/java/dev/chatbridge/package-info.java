/**
 * ChatBridge's public API: one way to talk to every vendor's server-side chat sessions. Start with
 * {@link dev.chatbridge.ChatClients}, which finds a vendor module on the classpath and returns a
 * {@link dev.chatbridge.ChatClient}; its {@link dev.chatbridge.ChatSession}s send messages and give replies as
 * {@link dev.chatbridge.ChatReply} or event by event as a {@link dev.chatbridge.ChatStream}. Configuration is a
 * {@link dev.chatbridge.ChatConfig}; every failure is a {@link dev.chatbridge.ChatException} subclass.
 *
 * <p>Everything public here is API under the project's stability policy (see the README). Vendor modules add their
 * typed clients in their own packages; {@code dev.chatbridge.spi} is for writing a vendor module and
 * {@code dev.chatbridge.internal} is not API.
 */
package dev.chatbridge;
