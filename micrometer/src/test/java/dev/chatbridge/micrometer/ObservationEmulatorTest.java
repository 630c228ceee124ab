package dev.chatbridge.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.Capability;
import dev.chatbridge.ChatClient;
import dev.chatbridge.ChatClients;
import dev.chatbridge.ChatConfig;
import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatSession;
import dev.chatbridge.ChatStream;
import dev.chatbridge.PageRequest;
import dev.chatbridge.ServerException;
import dev.chatbridge.testkit.Emulator;
import dev.chatbridge.testkit.Emulators;
import dev.chatbridge.testkit.Fault;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The listener on a real {@link ChatClient} against each vendor's testkit emulator: every operation the vendor has
 * is one observation with the right keys, a failure carries its type and status, and no key value (session id
 * included) holds message text, reply text or the API key. Needs ChatBridge to notify listeners (ChatConfig's
 * listeners wired into ChatClient and ChatSession).
 */
class ObservationEmulatorTest {
  private static final String TEXT = "zebra-quartz-message-7781";

  @ParameterizedTest
  @ValueSource(strings = {"onyx", "opencx", "openwebui", "osvi"})
  void everyOperationIsObservedWithItsKeysAndNoTextOrKey(String vendor) {
    TestObservationRegistry registry = TestObservationRegistry.create();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationChatListener listener = ObservationChatListener.builder(registry).includeSessionId(true)
        .meterRegistry(meters).build();
    Set<String> performed = new LinkedHashSet<>();
    int operations;
    try (Emulator emulator = Emulators.create(vendor).start();
         ChatClient client = ChatClients.create(config(emulator).listener(listener).build())) {
      ChatSession session = client.createSession(emulator.sessionOptions(0));
      performed.add("create_session");
      assertThat(session.send(TEXT).text()).contains(TEXT);
      performed.add("send");
      try (ChatStream stream = session.stream(TEXT + " again")) {
        for (ChatEvent ignored : stream) {
          // drain
        }
      }
      performed.add("stream");
      Set<Capability> can = client.capabilities();
      if (can.contains(Capability.HISTORY)) {
        session.history();
        performed.add("history");
      }
      if (can.contains(Capability.GET_SESSION)) {
        client.getSession(session.id());
        performed.add("get_session");
      }
      if (can.contains(Capability.LIST_SESSIONS)) {
        client.listSessions(PageRequest.of(1, null));
        performed.add("list_sessions");
      }
      if (can.contains(Capability.END_SESSION)) {
        session.end();
        performed.add("end_session");
      }
      if (can.contains(Capability.DELETE_SESSION)) {
        client.deleteSession(client.createSession(emulator.sessionOptions(1)).id());
        performed.add("delete_session");
      }
      // each kind once, a second create for the delete, and the failed create below
      operations = performed.size() + (performed.contains("delete_session") ? 1 : 0) + 1;
      emulator.inject(Fault.status(500, emulator.errorBody(500, "boom")).on("POST", emulator.createPath()));
      assertThatThrownBy(() -> client.createSession(emulator.sessionOptions(2)))
          .isInstanceOf(ServerException.class);

      TestObservationRegistryAssert.assertThat(registry)
          .hasNumberOfObservationsWithNameEqualTo("chatbridge.operation", operations)
          .forAllObservationsWithNameEqualTo("chatbridge.operation", o -> o
              .hasLowCardinalityKeyValue("chatbridge.vendor", vendor)
              .hasHighCardinalityKeyValueWithKey("chatbridge.attempts"));
      for (String operation : performed) {
        TestObservationRegistryAssert.assertThat(registry).hasAnObservation(o -> o
            .hasLowCardinalityKeyValue("chatbridge.operation", operation)
            .hasLowCardinalityKeyValue("chatbridge.outcome", "success")
            .hasLowCardinalityKeyValue("error.type", "none")
            .doesNotHaveLowCardinalityKeyValue("chatbridge.http.status", "none"));
      }
      TestObservationRegistryAssert.assertThat(registry).hasAnObservation(o -> o
          .hasLowCardinalityKeyValue("chatbridge.operation", "create_session")
          .hasLowCardinalityKeyValue("chatbridge.outcome", "error")
          .hasLowCardinalityKeyValue("error.type", "ServerException")
          .hasLowCardinalityKeyValue("chatbridge.http.status", "500")
          .hasError());
      TestObservationRegistryAssert.assertThat(registry).hasAnObservation(o -> o
          .hasLowCardinalityKeyValue("chatbridge.operation", "stream")
          .hasHighCardinalityKeyValueWithKey("chatbridge.stream.events")
          .hasHighCardinalityKeyValueWithKey("chatbridge.stream.first-event.ms")
          .hasHighCardinalityKeyValue("chatbridge.session.id", session.id()));
      assertThat(meters.get("chatbridge.stream.first-event").tag("chatbridge.vendor", vendor).timer().count())
          .isEqualTo(1);

      List<String> values = keyValuesAndNames(registry);
      assertThat(values).isNotEmpty();
      for (String value : values) {
        assertThat(value).doesNotContain("zebra").doesNotContain("quartz").doesNotContain("Echo")
            .doesNotContain(emulator.apiKey());
      }
    }
  }

  private static ChatConfig.Builder config(Emulator emulator) {
    ChatConfig.Builder b = ChatConfig.builder().vendor(emulator.vendor()).baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).maxRetries(0);
    emulator.clientOptions().forEach(b::option);
    return b;
  }

  /** Every key, value and name of every observation recorded. */
  private static List<String> keyValuesAndNames(TestObservationRegistry registry) {
    List<String> out = new ArrayList<>();
    TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(contexts -> {
      for (Observation.Context c : contexts) {
        out.add(c.getName());
        out.add(c.getContextualName());
        for (KeyValue kv : c.getAllKeyValues()) {
          out.add(kv.getKey());
          out.add(kv.getValue());
        }
      }
    });
    return out;
  }
}
