package dev.chatbridge.example.spring;

import org.springframework.boot.test.context.SpringBootTest;

/** The example service on the onyx emulator: only {@code chatbridge.vendor} differs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "chatbridge.vendor=onyx")
class OnyxExampleAppTest extends ExampleAppTestBase {
  @Override
  String vendor() {
    return "onyx";
  }
}
