/**
 * What a vendor module implements and extends: a {@link dev.chatbridge.spi.ChatProvider} found by
 * {@link java.util.ServiceLoader}, the {@link dev.chatbridge.spi.ChatBackend} behind the neutral API, an
 * {@link dev.chatbridge.spi.EventSource} for streamed replies, and the bases every module shares: the
 * {@link dev.chatbridge.spi.EventStream} rules of every stream and the {@link dev.chatbridge.spi.TypedClientBuilder}
 * of every typed client. API for vendor-module authors; applications rarely need it. docs/ARCHITECTURE.md,
 * "Adding a fifth vendor", shows how the pieces fit.
 */
package dev.chatbridge.spi;
