package dev.chatbridge.openwebui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.ChatEvent;
import dev.chatbridge.ChatReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The byte fast path for plain {@code chat.completion.chunk} frames must give exactly the events and the
 * {@link CompletionResult} state of the tree path, or step aside and leave the frame to it.
 */
class OpenWebUiChunkFastPathTest {
  private static final String HEAD = "{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1755800000,"
      + "\"model\":\"llama3.1:8b\",\"choices\":[";

  private static String chunk(String delta, String finish) {
    return HEAD + "{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}";
  }

  private static CompletionEventSource source() {
    return new CompletionEventSource(null, new CompletionEventSource.Listener() {
      @Override
      public String messageId() {
        return "assistant-1";
      }

      @Override
      public ChatReply completed(CompletionResult result) {
        throw new AssertionError("not reached");
      }

      @Override
      public ChatReply partial(CompletionResult result) {
        throw new AssertionError("not reached");
      }
    }, dev.chatbridge.ChatConfig.DEFAULT_MAX_REPLY_CHARS);
  }

  /** Feeds every frame to a tree-only source and to a fast-first source, comparing after each; returns fast hits. */
  private static int compare(List<byte[]> frames) {
    CompletionEventSource tree = source();
    CompletionEventSource fast = source();
    int hits = 0;
    for (byte[] frame : frames) {
      String text = new String(frame, StandardCharsets.UTF_8); // what SseEvent.data() gives
      String treeFailure = null;
      String fastFailure = null;
      try {
        tree.treeFrame(text);
      } catch (Exception e) {
        treeFailure = e.getClass().getName() + ": " + e.getMessage();
      }
      try {
        if (fast.fastFrame(frame, 0, frame.length)) hits++;
        else fast.treeFrame(text);
      } catch (Exception e) {
        fastFailure = e.getClass().getName() + ": " + e.getMessage();
      }
      assertThat(fastFailure).as("failure for %s", text).isEqualTo(treeFailure);
      assertThat(drain(fast)).as("events for %s", text).isEqualTo(drain(tree));
      assertSameState(fast, tree, text);
    }
    return hits;
  }

  private static List<ChatEvent> drain(CompletionEventSource s) {
    List<ChatEvent> out = new ArrayList<>(s.pending);
    s.pending.clear();
    return out;
  }

  private static void assertSameState(CompletionEventSource fast, CompletionEventSource tree, String frame) {
    CompletionResult f = fast.result;
    CompletionResult t = tree.result;
    assertThat(f.received).as("received after %s", frame).isEqualTo(t.received);
    assertThat(f.model).as("model after %s", frame).isEqualTo(t.model);
    assertThat(f.finishReason).as("finishReason after %s", frame).isEqualTo(t.finishReason);
    assertThat(f.text.text()).as("text after %s", frame).isEqualTo(t.text.text());
    assertThat(f.text.totalChars()).isEqualTo(t.text.totalChars());
    assertThat(f.reasoning.toString()).isEqualTo(t.reasoning.toString());
    assertThat(f.usage).isEqualTo(t.usage);
    assertThat(f.sources).isEqualTo(t.sources);
    assertThat(f.toolCalls).isEqualTo(t.toolCalls);
    assertThat(f.vendorData()).isEqualTo(t.vendorData());
    assertThat(fast.finishNext).as("[DONE] seen after %s", frame).isEqualTo(tree.finishNext);
  }

  private static List<byte[]> utf8(String... frames) {
    List<byte[]> out = new ArrayList<>();
    for (String f : frames) out.add(f.getBytes(StandardCharsets.UTF_8));
    return out;
  }

  @Test
  void aStreamAsOpenWebUiWritesItIsReadByTheFastPathAndMatchesTheTreePath() {
    List<byte[]> frames = utf8(
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"),
        chunk("{\"content\":\"Hello\"}", "null"),
        chunk("{\"content\":\" there\"}", "null"),
        chunk("{}", "\"stop\""),
        "[DONE]");
    assertThat(compare(frames)).isEqualTo(5);
  }

  @Test
  void contentWithEscapesAndNonAsciiMatchesTheTreePath() {
    List<byte[]> frames = utf8(
        chunk("{\"content\":\"say \\\"hi\\\"\\n\\ttab \\\\ slash \\/\"}", "null"),
        chunk("{\"content\":\"\\u00e9t\\u00E9 \\u20ac \\ud83d\\ude00 \\u0000 nul\"}", "null"),
        chunk("{\"content\":\"h\u00e9llo \u20ac \ud83d\ude00 \u4e2d\u6587\"}", "null"),
        chunk("{\"content\":\"lone \\ud800 surrogate\"}", "null"),
        chunk("{\"content\":\"  spaced  \"}", "null"));
    assertThat(compare(frames)).isEqualTo(5);
  }

  @Test
  void nullAbsentAndEmptyFieldsMatchTheTreePath() {
    List<byte[]> frames = utf8(
        chunk("{\"role\":\"assistant\"}", "null"), // role only
        chunk("{\"content\":null}", "null"),
        chunk("{\"content\":\"\"}", "null"),
        chunk("{}", "null"),
        "{\"id\":\"c\",\"model\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"b\"}}]}", // no id, model, index or finish_reason
        "{\"choices\":[{\"index\":null,\"delta\":{\"content\":\"c\",\"reasoning_content\":null,\"tool_calls\":null,"
            + "\"reasoning\":null}}]}",
        chunk("{\"content\":\"d\"}", "\"length\""),
        chunk("{}", "\"stop\""));
    assertThat(compare(frames)).isEqualTo(9);
  }

  @Test
  void modelIsTakenFromTheFirstChunkThatHasOne() {
    List<byte[]> frames = utf8(
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"model\":null}",
        "{\"model\":\"first\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}",
        "{\"model\":\"second\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"c\"}}]}");
    assertThat(compare(frames)).isEqualTo(3);
  }

  @Test
  void reorderedFieldsExtraWhitespaceAndIgnoredFieldsMatchTheTreePath() {
    List<byte[]> frames = utf8(
        "{\"choices\":[{\"finish_reason\":null,\"delta\":{\"content\":\"x\",\"role\":\"assistant\"},\"index\":0}],"
            + "\"model\":\"m\",\"created\":1,\"object\":\"chat.completion.chunk\",\"id\":\"i\"}",
        "  \t{ \"id\" : \"i\" ,\n \"choices\" : [ { \"index\" : 0 , \"delta\" : { \"content\" : \"y\" } } ] }  \r",
        chunk("{\"content\":\"z\"}", "null").replace("\"created\"",
            "\"system_fingerprint\":\"fp_ollama\",\"created\""),
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w\"},\"logprobs\":{\"content\":[{\"token\":\"w\"}]},"
            + "\"finish_reason\":null}],\"id\":[1,{\"odd\":true}],\"created\":1.5e3,\"object\":null}");
    assertThat(compare(frames)).isEqualTo(4);
  }

  @Test
  void blankAndDoneFramesMatchTheTreePath() {
    List<byte[]> frames = utf8("", "   ", " [DONE] \n", "[DONE]x", "[done]");
    // the last two are malformed JSON on both paths
    assertThat(compare(frames)).isEqualTo(3);
  }

  @Test
  void everyOtherFrameIsLeftToTheTreePathWithTheSameOutcome() {
    List<byte[]> frames = utf8(
        chunk("{\"reasoning_content\":\"thinking\"}", "null"),
        chunk("{\"reasoning\":\"more\"}", "null"),
        chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
            + "\"arguments\":\"{}\"}}]}", "null"),
        chunk("{\"content\":\"u\"}", "\"stop\"").replace("]}", "],\"usage\":{\"prompt_tokens\":12,"
            + "\"completion_tokens\":3,\"total_tokens\":15}}"),
        "{\"sources\":[{\"source\":{\"id\":\"doc-1\",\"name\":\"FAQ\"},\"document\":[\"text\"],"
            + "\"metadata\":[{\"source\":\"faq.md\",\"name\":\"faq.md\"}]}]}",
        "{\"selected_model_id\":\"llama3.1:8b\"}",
        "[1,2]",
        "\"text\"",
        chunk("{\"content\":\"n2\"}", "null").replace("}]}", "},{\"index\":1,\"delta\":{\"content\":\"other\"}}]}"),
        "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"only the second\"}}]}",
        "{\"choices\":[{\"index\":\"0\",\"delta\":{\"content\":\"string index\"}}]}",
        "{\"choices\":[{\"index\":4294967296,\"delta\":{\"content\":\"big index\"}}]}",
        "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"message, not delta\"}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":null,\"message\":{\"content\":\"null delta\"}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":5}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\",\"content\":\"b\"}}]}",
        "{\"model\":\"a\",\"model\":\"b\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"dup model\"}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\",\"refusal\":null}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":1}]}",
        "{\"choices\":[]}",
        "{\"choices\":null}",
        "{\"choices\":[\"x\"]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}],\"extra\":true}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"trailing\"}}]} {}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cut",
        "{not json}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}]",
        "{\"error\":false,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"error false\"}}]}",
        "{\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"error null\"}}]}");
    assertThat(compare(frames)).isZero();
  }

  @Test
  void nulBytesAndInvalidUtf8AreLeftToTheTreePath() {
    byte[] plain = chunk("{\"content\":\"ab\"}", "null").getBytes(StandardCharsets.UTF_8);
    int a = new String(plain, StandardCharsets.UTF_8).indexOf("ab");
    List<byte[]> frames = new ArrayList<>();
    for (byte[] bad : new byte[][] {{0}, {(byte) 0xC3}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0,
        (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
        {(byte) 0xFF}}) {
      byte[] frame = new byte[plain.length + bad.length];
      System.arraycopy(plain, 0, frame, 0, a);
      System.arraycopy(bad, 0, frame, a, bad.length);
      System.arraycopy(plain, a, frame, a + bad.length, plain.length - a);
      frames.add(frame);
    }
    byte[] utf16ish = {'{', 0, '"', 0, '}', 0}; // Jackson would guess UTF-16 from the NUL bytes
    frames.add(utf16ish);
    assertThat(compare(frames)).isZero();
    assertThat(ChunkReader.plainUtf8(plain, 0, plain.length)).isTrue();
    byte[] fourByte = "\ud83d\ude00 \u20ac \u00e9".getBytes(StandardCharsets.UTF_8);
    assertThat(ChunkReader.plainUtf8(fourByte, 0, fourByte.length)).isTrue();
    assertThat(ChunkReader.plainUtf8(fourByte, 0, 2)).as("cut inside a character").isFalse();
    byte[] longAscii = ("0123456789abcdef".repeat(4) + "\u00e9" + "0123456789abcdef").getBytes(StandardCharsets.UTF_8);
    assertThat(ChunkReader.plainUtf8(longAscii, 0, longAscii.length)).isTrue();
    longAscii[70] = (byte) 0xFF; // in an eight-byte word after a multi-byte character
    assertThat(ChunkReader.plainUtf8(longAscii, 0, longAscii.length)).isFalse();
    longAscii[70] = '0';
    longAscii[13] = (byte) 0x80; // a stray continuation byte inside the first ASCII words
    assertThat(ChunkReader.plainUtf8(longAscii, 0, longAscii.length)).isFalse();
    assertThat(ChunkReader.plainUtf8(new byte[] {'{', 'a', 0, '}'}, 0, 4)).as("NUL where Jackson guesses").isFalse();
  }

  @Test
  void errorFramesAreNeverReadByTheFastPath() {
    ChunkReader reader = new ChunkReader();
    for (String frame : new String[] {"{\"error\":{\"message\":\"boom\"}}",
        "{\"error\":\"boom\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}],\"error\":{\"detail\":\"late\"}}"}) {
      byte[] b = frame.getBytes(StandardCharsets.UTF_8);
      assertThat(reader.read(b, 0, b.length)).as(frame).isFalse();
    }
  }

  @Test
  void aFrameInsideALargerArrayIsReadAtItsOffset() {
    String frame = chunk("{\"content\":\"mid\"}", "null");
    byte[] line = ("data: " + frame + "trailing").getBytes(StandardCharsets.UTF_8);
    CompletionEventSource s = source();
    assertThat(s.fastFrame(line, 6, frame.length())).isTrue();
    assertThat(drain(s)).containsExactly(new ChatEvent.MessageStarted("assistant-1"), new ChatEvent.TextDelta("mid"));
    assertThat(s.result.model).isEqualTo("llama3.1:8b");
  }

  @Test
  void aLongMixedStreamMatchesTheTreePathFrameByFrame() {
    List<byte[]> frames = new ArrayList<>();
    frames.addAll(utf8("{\"sources\":[{\"source\":{\"id\":\"d\",\"name\":\"n\",\"url\":\"https://x\"}}]}",
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null")));
    for (int i = 0; i < 200; i++) {
      String word = i % 7 == 0 ? "w\\u00e9" + i : i % 11 == 0 ? "\u00fc" + i : "w" + i;
      frames.addAll(utf8(chunk("{\"content\":\"" + word + " \"}", "null")));
      if (i % 50 == 0) frames.addAll(utf8(chunk("{\"reasoning_content\":\"r" + i + "\"}", "null")));
    }
    frames.addAll(utf8(chunk("{}", "\"stop\"").replace("]}", "],\"usage\":{\"total_tokens\":9}}"), "[DONE]"));
    assertThat(compare(frames)).isEqualTo(202);
  }

  @Test
  void chunksRepeatingTheLastOneExceptForTheContentStringAreReadFromTheTemplateAndMatchTheTreePath() {
    List<byte[]> frames = utf8(
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"),
        chunk("{\"content\":\"Hello\"}", "null"), // read in full: becomes the template
        chunk("{\"content\":\" world\"}", "null"),
        chunk("{\"content\":\"\"}", "null"),
        chunk("{\"content\":\"h\u00e9llo \u20ac \ud83d\ude00\"}", "null"),
        chunk("{\"content\":\"say \\\"hi\\\"\\n \\u00e9 \\\\\"}", "null"), // escapes: a parser over the string
        chunk("{\"content\":\"tab\\tend\"}", "null"),
        chunk("{\"content\":\"x\"}", "\"stop\""), // another tail: read in full, the new template
        chunk("{\"content\":\"y\"}", "\"stop\""),
        chunk("{\"content\":\"z\"}", "null"));
    CompletionEventSource probe = source();
    for (byte[] f : frames) probe.fastFrame(f, 0, f.length);
    assertThat(probe.chunksReadFromTemplate()).isEqualTo(6);
    assertThat(compare(frames)).isEqualTo(frames.size());
  }

  @Test
  void aContentStringThatIsNotExactlyOneStringLeavesTheTemplate() {
    List<byte[]> frames = utf8(
        chunk("{\"content\":\"Hello\"}", "null"),
        chunk("{\"content\":\"a\",\"extra\":\"b\"}", "null"), // a second field where the string was
        chunk("{\"content\":\"a\",\"content\":\"b\"}", "null"), // a duplicate key
        chunk("{\"content\":\"cut\\\"}", "null"), // the closing quote escaped
        chunk("{\"content\":\"raw\ttab\"}", "null"), // a raw control character: malformed on both paths
        chunk("{\"content\":\"raw\u0000nul\"}", "null"),
        chunk("{\"content\":\"bad \\x escape\"}", "null"),
        chunk("{\"content\":\"bad \\u12G4 escape\"}", "null"),
        chunk("{\"content\":null}", "null"),
        chunk("{\"content\":5}", "null"),
        chunk("{\"content\":\"\"\"}", "null"),
        chunk("{\"content\":\"after\"}", "null"));
    assertThat(compare(frames)).isEqualTo(3); // Hello, content null, after
    List<byte[]> invalid = new ArrayList<>(utf8(chunk("{\"content\":\"Hello\"}", "null")));
    byte[] bad = chunk("{\"content\":\"ab\"}", "null").getBytes(StandardCharsets.UTF_8);
    bad[new String(bad, StandardCharsets.UTF_8).indexOf("ab")] = (byte) 0xC3; // a cut character in the string
    invalid.add(bad);
    assertThat(compare(invalid)).isEqualTo(1);
  }
}
