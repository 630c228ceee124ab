package dev.chatbridge.examples.cli;

/** The {@code --help} texts, global and per command. */
final class Help {
  private Help() {}

  static final String GLOBAL_OPTIONS = String.join("\n",
      "Global options (before or after the command words):",
      "  --vendor V             onyx, opencx, openwebui or osvi (default: onyx)",
      "  --base-url URL         the vendor's API base URL; without one the CLI starts the vendor's",
      "                         emulator in-process and says so on stderr",
      "  --api-key KEY          the credential (prefer CHATBRIDGE_API_KEY: flags show in process lists)",
      "  --option KEY=VALUE     a vendor option, e.g. --option model=llama3 (repeatable)",
      "  --config FILE          a .properties file with chatbridge.* keys",
      "  --allow-insecure-http  allow plain http:// to hosts other than loopback",
      "  --json                 print one JSON document on stdout",
      "  --debug                add a stack trace to error messages",
      "  -h, --help             show help (also after a command: send --help)",
      "",
      "Configuration, highest precedence first: flags, the --config file, Java system properties",
      "(-Dchatbridge.vendor=...), environment variables (CHATBRIDGE_VENDOR, CHATBRIDGE_BASE_URL,",
      "CHATBRIDGE_API_KEY, CHATBRIDGE_<VENDOR>_<OPTION>).",
      "",
      "Exit codes: 0 ok, 2 usage or configuration, 3 authentication/permission, 4 not found,",
      "5 rate limited, 6 other API error, 7 connection/timeout/stream failure, 8 unsupported by the vendor.");

  static final String MAIN = String.join("\n",
      "Usage: java -jar chatbridge-cli.jar [global options] <command> [command options]",
      "",
      "Commands:",
      "  send [--session ID] [--no-stream] MESSAGE   send a message and print the reply as it arrives",
      "  sessions create [--title T]                 create a session and print its id",
      "  sessions list [--limit N] [--cursor C]      list one page of sessions (--all: every page)",
      "  sessions show ID                            print a session's transcript",
      "  sessions delete ID                          delete a session",
      "  sessions end ID                             end (close or resolve) a session",
      "  chat [--session ID]                         interactive streaming chat; /exit or end of input quits",
      "  vendors                                     the vendor modules found and their capabilities",
      "  emulator [--port P]                         run the vendor's emulator on 127.0.0.1 until killed",
      "",
      GLOBAL_OPTIONS,
      "");

  static final String SEND = String.join("\n",
      "Usage: chatbridge-cli send [--session ID] [--no-stream] MESSAGE",
      "",
      "Sends MESSAGE (several words are joined with spaces; - reads it from stdin) and prints the reply,",
      "streamed as it arrives. Without --session a new session is created first.",
      "",
      "  --session ID   continue this session",
      "  --no-stream    wait for the whole reply instead of streaming it",
      "",
      "--json prints {\"vendor\",\"sessionId\",\"reply\":{\"id\",\"role\",\"text\",\"citations\":[...]}}.",
      "",
      GLOBAL_OPTIONS,
      "");

  static final String SESSIONS = String.join("\n",
      "Usage: chatbridge-cli sessions create|list|show|delete|end ...",
      "",
      "  sessions create [--title T]              create a session; prints its id",
      "  sessions list [--limit N] [--cursor C]   one page of sessions; pass the printed cursor to --cursor",
      "  sessions list --all [--cursor C]         every session, across all pages",
      "  sessions show ID                         the session's transcript",
      "  sessions delete ID                       delete the session",
      "  sessions end ID                          end (close or resolve) the session",
      "",
      GLOBAL_OPTIONS,
      "");

  static final String SESSIONS_CREATE = String.join("\n",
      "Usage: chatbridge-cli sessions create [--title T]",
      "",
      "Creates a session and prints its id. --json prints {\"vendor\",\"sessionId\"}.",
      "",
      GLOBAL_OPTIONS,
      "");

  static final String SESSIONS_LIST = String.join("\n",
      "Usage: chatbridge-cli sessions list [--limit N | --all] [--cursor C]",
      "",
      "Prints one page of sessions as a table, most recent first, then the cursor of the next page if there is one.",
      "  --limit N    at most N sessions (a page may hold fewer while more follow)",
      "  --cursor C   the cursor printed by the previous page",
      "  --all        every session, from --cursor (or the first) to the last page",
      "",
      "--json prints {\"vendor\",\"sessions\":[{\"id\",\"title\",\"createdAt\",\"updatedAt\"}],\"next\"}",
      "(next is null on the last page, and with --all).",
      "",
      GLOBAL_OPTIONS,
      "");

  static final String SESSIONS_SHOW = String.join("\n",
      "Usage: chatbridge-cli sessions show ID",
      "",
      "Prints the session's messages, oldest first. --json prints",
      "{\"vendor\",\"session\":{\"id\",\"title\",\"createdAt\"},\"messages\":[{\"id\",\"role\",\"text\",\"createdAt\",\"parentId\"}]}.",
      "",
      GLOBAL_OPTIONS,
      "");

  static final String SESSIONS_DELETE = String.join("\n",
      "Usage: chatbridge-cli sessions delete ID",
      "",
      "Deletes the session. --json prints {\"vendor\",\"sessionId\",\"deleted\":true}.",
      "",
      GLOBAL_OPTIONS,
      "");

  static final String SESSIONS_END = String.join("\n",
      "Usage: chatbridge-cli sessions end ID",
      "",
      "Ends (closes or resolves) the session where the vendor has that notion.",
      "--json prints {\"vendor\",\"sessionId\",\"ended\":true}.",
      "",
      GLOBAL_OPTIONS,
      "");

  static final String CHAT = String.join("\n",
      "Usage: chatbridge-cli chat [--session ID]",
      "",
      "Reads messages from stdin, one per line, and streams each reply. /exit or end of input quits.",
      "A failed turn prints its error and the chat goes on; the exit code is that of the last failed",
      "turn, or 0. Without --session a new session is created. No --json.",
      "",
      GLOBAL_OPTIONS,
      "");

  static final String VENDORS = String.join("\n",
      "Usage: chatbridge-cli vendors",
      "",
      "Lists the vendor modules on the class path and their capabilities.",
      "--json prints {\"vendors\":[{\"name\",\"capabilities\":[...]}]}.",
      "",
      GLOBAL_OPTIONS,
      "");

  static final String EMULATOR = String.join("\n",
      "Usage: chatbridge-cli emulator [--vendor V] [--port P]",
      "",
      "Runs the testkit emulator of the vendor (default onyx) on 127.0.0.1 in the foreground until killed,",
      "and prints its base URL, API key and the vendor options a client needs against it.",
      "  --port P   the port to listen on (default: any free port)",
      "",
      "--json prints {\"vendor\",\"baseUrl\",\"apiKey\",\"options\":{...}} once it is listening.",
      "",
      GLOBAL_OPTIONS,
      "");
}
