/**
 * Not API: incremental readers for streamed bodies (NDJSON values, server-sent events), reading each item as soon
 * as its bytes arrive. Public only so the vendor modules can reach them; they may change in any release.
 */
package dev.chatbridge.internal.stream;
