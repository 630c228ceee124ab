package dev.chatbridge.osvi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.InvalidRequestException;
import dev.chatbridge.ResponseFormatException;
import dev.chatbridge.testkit.Fault;
import dev.chatbridge.testkit.HostileIds;
import dev.chatbridge.testkit.OsviEmulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile input on OSVI: session ids that are not one path segment, wrong-typed fields. */
class OsviHostileInputTest {
  static final String AGENT = OsviEmulator.AGENT_UUID;

  OsviEmulator emulator;
  OsviClient osvi;

  @BeforeEach
  void start() {
    emulator = new OsviEmulator();
    emulator.start();
    osvi = OsviClient.builder().apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    osvi.close();
    emulator.close();
  }

  /** Every typed route that puts a session id into the path. */
  private Map<String, Consumer<String>> sessionRoutes() {
    Map<String, Consumer<String>> routes = new LinkedHashMap<>();
    routes.put("closeChatSession (legacy)", id -> osvi.closeChatSession(id, AGENT));
    routes.put("support", id -> osvi.support(id, SupportCommand.TAKEOVER, null));
    routes.put("takeover", id -> osvi.takeover(id, "note"));
    routes.put("tell", id -> osvi.tell(id, "guidance"));
    routes.put("whisper", id -> osvi.whisper(id, "guidance"));
    routes.put("endSupport", id -> osvi.endSupport(id));
    routes.put("closeSession", id -> osvi.closeSession(id));
    routes.put("sendOperatorMessage", id -> osvi.sendOperatorMessage(id, "hi"));
    routes.put("injectContext", id -> osvi.injectContext(id, "VIP"));
    return routes;
  }

  static Stream<Arguments> hostileIds() {
    List<String> ids = new ArrayList<>(HostileIds.all());
    ids.add(null);
    return ids.stream().map(id -> Arguments.of(HostileIds.describe(id), id));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileIds")
  void typedRoutesRefuseAnIdThatIsNotOnePathSegmentAndSendNothing(String name, String id) {
    sessionRoutes().forEach((route, call) -> assertThatThrownBy(() -> call.accept(id)).as(route)
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.statusCode()).isZero())
        .hasMessageContaining("session id"));
    assertThat(emulator.requests()).as("requests that reached the server").isEmpty();
  }
  /** {@code "success": "false"} (a string) was read as success; a documented boolean of another type is malformed. */
  @org.junit.jupiter.api.Test
  void wrongTypedSuccessAndReplyAreResponseFormatErrors() {
    emulator.inject(Fault.status(200, "{\"success\":\"false\",\"data\":{\"session_id\":\"s1\",\"reply\":\"hi\"}}")
        .on("POST", "/v1/chat/inbound"));
    assertThatThrownBy(() -> osvi.sendInbound(InboundMessage.builder().agentUuid(AGENT).customerId("+15551234567")
        .content("hello").sessionId("s1").build()))
        .isInstanceOf(ResponseFormatException.class).hasMessageContaining("'success' is a string");
    emulator.inject(Fault.status(200, "{\"success\":true,\"data\":{\"session_id\":\"s1\",\"reply\":{\"a\":[1]}}}")
        .on("POST", "/v1/chat/inbound"));
    assertThatThrownBy(() -> osvi.sendInbound(InboundMessage.builder().agentUuid(AGENT).customerId("+15551234567")
        .content("hello").sessionId("s1").build()))
        .isInstanceOf(ResponseFormatException.class).hasMessageContaining("'reply' is an object");
  }
}
