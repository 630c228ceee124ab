/**
 * Not API: the HTTP layer every vendor module uses (the transport with its retry and timeout rules, error mapping,
 * credential scrubbing, path checks). Public only so the vendor modules can reach it; it may change in any release.
 * docs/ARCHITECTURE.md, "Transport rules", describes what it promises the rest of ChatBridge.
 */
package dev.chatbridge.internal.http;
