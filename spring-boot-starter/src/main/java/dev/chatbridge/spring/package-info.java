/**
 * Spring Boot auto-configuration for ChatBridge: ChatClient beans from {@code chatbridge.*} (and named clients from
 * {@code chatbridge.clients.<name>.*}), {@link dev.chatbridge.spring.ChatConfigCustomizer} hooks, the Micrometer
 * listener when an {@code ObservationRegistry} exists, an Actuator health indicator and a startup failure analyzer.
 * See the README, "Spring Boot".
 *
 * <p>Public here: {@link dev.chatbridge.spring.ChatConfigCustomizer}, the properties classes, the health indicator,
 * the failure analyzer and {@link dev.chatbridge.spring.ChatBridgeStartupException}.
 */
package dev.chatbridge.spring;
