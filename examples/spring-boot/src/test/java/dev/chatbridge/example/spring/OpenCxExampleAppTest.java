package dev.chatbridge.example.spring;

import org.springframework.boot.test.context.SpringBootTest;

/** The example service on the opencx emulator: only {@code chatbridge.vendor} differs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "chatbridge.vendor=opencx")
class OpenCxExampleAppTest extends ExampleAppTestBase {
  @Override
  String vendor() {
    return "opencx";
  }
}
