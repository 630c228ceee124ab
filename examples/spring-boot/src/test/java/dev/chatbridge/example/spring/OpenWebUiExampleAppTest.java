package dev.chatbridge.example.spring;

import org.springframework.boot.test.context.SpringBootTest;

/** The example service on the openwebui emulator: only {@code chatbridge.vendor} differs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "chatbridge.vendor=openwebui")
class OpenWebUiExampleAppTest extends ExampleAppTestBase {
  @Override
  String vendor() {
    return "openwebui";
  }
}
