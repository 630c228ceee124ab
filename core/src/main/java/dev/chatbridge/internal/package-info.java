/**
 * Not API: helpers the core and the vendor modules share (value checks, request extras). Public only so the vendor
 * modules can reach them; anything here may change or go in any release.
 */
package dev.chatbridge.internal;
