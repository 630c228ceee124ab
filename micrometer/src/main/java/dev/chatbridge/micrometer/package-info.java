/**
 * ChatBridge on Micrometer's Observation API: {@link dev.chatbridge.micrometer.ObservationChatListener}, a
 * {@link dev.chatbridge.ChatListener} that turns every vendor-neutral operation into an observation named
 * {@code chatbridge.operation}, so one registration gives timers and counters (with a meter handler) and spans
 * (with Micrometer Tracing). {@link dev.chatbridge.micrometer.ChatBridgeObservation} documents the names and keys;
 * a {@link dev.chatbridge.micrometer.ChatOperationObservationConvention} renames or extends them.
 *
 * <p>Everything public here is API.
 */
package dev.chatbridge.micrometer;
