/**
 * Not API: lenient JSON reading (strict only where a documented type must not be coerced) and streamed reading of
 * large bodies. Public only so the vendor modules can reach it; it may change in any release.
 */
package dev.chatbridge.internal.json;
