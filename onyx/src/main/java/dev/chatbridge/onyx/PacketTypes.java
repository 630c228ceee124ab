package dev.chatbridge.onyx;

import java.util.Set;

/**
 * The {@code obj.type} values of Onyx stream packets ({@code StreamingType}) this SDK knows. The set is open:
 * servers add types often, and a packet with any other type is still delivered, never an error.
 */
public final class PacketTypes {
  private PacketTypes() {}

  public static final String STOP = "stop";
  public static final String SECTION_END = "section_end";
  public static final String TOP_LEVEL_BRANCHING = "top_level_branching";
  /** A non-fatal tool error; the stream goes on. */
  public static final String ERROR = "error";
  /** Sent after 15 s of silence; carries nothing. */
  public static final String CHAT_HEARTBEAT = "chat_heartbeat";
  public static final String MESSAGE_START = "message_start";
  public static final String MESSAGE_DELTA = "message_delta";
  public static final String CITATION_INFO = "citation_info";
  public static final String REASONING_START = "reasoning_start";
  public static final String REASONING_DELTA = "reasoning_delta";
  public static final String REASONING_DONE = "reasoning_done";
  public static final String SEARCH_TOOL_START = "search_tool_start";
  public static final String SEARCH_TOOL_QUERIES_DELTA = "search_tool_queries_delta";
  public static final String SEARCH_TOOL_FILTER_DELTA = "search_tool_filter_delta";
  public static final String SEARCH_TOOL_DOCUMENTS_DELTA = "search_tool_documents_delta";
  public static final String OPEN_URL_START = "open_url_start";
  public static final String OPEN_URL_URLS = "open_url_urls";
  public static final String OPEN_URL_DOCUMENTS = "open_url_documents";
  public static final String IMAGE_GENERATION_START = "image_generation_start";
  public static final String IMAGE_GENERATION_HEARTBEAT = "image_generation_heartbeat";
  public static final String IMAGE_GENERATION_FINAL = "image_generation_final";
  public static final String PYTHON_TOOL_START = "python_tool_start";
  public static final String PYTHON_TOOL_DELTA = "python_tool_delta";
  public static final String BASH_TOOL_START = "bash_tool_start";
  public static final String BASH_TOOL_DELTA = "bash_tool_delta";
  public static final String CUSTOM_TOOL_START = "custom_tool_start";
  public static final String CUSTOM_TOOL_ARGS = "custom_tool_args";
  public static final String CUSTOM_TOOL_DELTA = "custom_tool_delta";
  public static final String TOOL_CALL_ARGUMENT_DELTA = "tool_call_argument_delta";
  public static final String FILE_READER_START = "file_reader_start";
  public static final String FILE_READER_RESULT = "file_reader_result";
  public static final String MEMORY_TOOL_START = "memory_tool_start";
  public static final String MEMORY_TOOL_DELTA = "memory_tool_delta";
  public static final String MEMORY_TOOL_NO_ACCESS = "memory_tool_no_access";
  public static final String DEEP_RESEARCH_PLAN_START = "deep_research_plan_start";
  public static final String DEEP_RESEARCH_PLAN_DELTA = "deep_research_plan_delta";
  public static final String RESEARCH_AGENT_START = "research_agent_start";
  public static final String INTERMEDIATE_REPORT_START = "intermediate_report_start";
  public static final String INTERMEDIATE_REPORT_DELTA = "intermediate_report_delta";
  public static final String INTERMEDIATE_REPORT_CITED_DOCS = "intermediate_report_cited_docs";
  public static final String CODING_AGENT_START = "coding_agent_start";
  public static final String CODING_AGENT_THINKING_DELTA = "coding_agent_thinking_delta";
  public static final String CODING_AGENT_FINAL = "coding_agent_final";
  /** Only in the server's integration-test mode. */
  public static final String TOOL_CALL_DEBUG = "tool_call_debug";

  /** Tool, search, research and agent work: each becomes a {@link dev.chatbridge.ChatEvent.ToolActivity}. */
  static final Set<String> TOOL_ACTIVITY = Set.of(
      ERROR, SEARCH_TOOL_START, SEARCH_TOOL_QUERIES_DELTA, SEARCH_TOOL_FILTER_DELTA, SEARCH_TOOL_DOCUMENTS_DELTA,
      OPEN_URL_START, OPEN_URL_URLS, OPEN_URL_DOCUMENTS,
      IMAGE_GENERATION_START, IMAGE_GENERATION_HEARTBEAT, IMAGE_GENERATION_FINAL,
      PYTHON_TOOL_START, PYTHON_TOOL_DELTA, BASH_TOOL_START, BASH_TOOL_DELTA,
      CUSTOM_TOOL_START, CUSTOM_TOOL_ARGS, CUSTOM_TOOL_DELTA, TOOL_CALL_ARGUMENT_DELTA,
      FILE_READER_START, FILE_READER_RESULT, MEMORY_TOOL_START, MEMORY_TOOL_DELTA, MEMORY_TOOL_NO_ACCESS,
      DEEP_RESEARCH_PLAN_START, DEEP_RESEARCH_PLAN_DELTA, RESEARCH_AGENT_START,
      INTERMEDIATE_REPORT_START, INTERMEDIATE_REPORT_DELTA, INTERMEDIATE_REPORT_CITED_DOCS,
      CODING_AGENT_START, CODING_AGENT_THINKING_DELTA, CODING_AGENT_FINAL, TOOL_CALL_DEBUG);

  /** Every type above. */
  public static final Set<String> ALL = union();

  private static Set<String> union() {
    java.util.Set<String> all = new java.util.HashSet<>(TOOL_ACTIVITY);
    all.addAll(Set.of(STOP, SECTION_END, TOP_LEVEL_BRANCHING, CHAT_HEARTBEAT, MESSAGE_START, MESSAGE_DELTA,
        CITATION_INFO, REASONING_START, REASONING_DELTA, REASONING_DONE));
    return Set.copyOf(all);
  }

  /** True for a type this SDK knows. */
  public static boolean isKnown(String type) {
    return ALL.contains(type);
  }
}
