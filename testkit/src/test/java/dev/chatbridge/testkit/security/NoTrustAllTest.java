package dev.chatbridge.testkit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * TLS uses the JVM defaults everywhere: no main source of any module implements a trust manager, accepts every
 * host name or replaces OkHttp's socket factory or verifier. Scans every {@code * /src/main/java} of the repository.
 */
class NoTrustAllTest {
  static final List<Pattern> FORBIDDEN = List.of(
      Pattern.compile("\\bX509(Extended)?TrustManager\\b"),
      Pattern.compile("\\bTrustManagerFactory\\b"),
      Pattern.compile("\\bHostnameVerifier\\b"),
      Pattern.compile("\\.hostnameVerifier\\s*\\("),
      Pattern.compile("\\.sslSocketFactory\\s*\\("),
      Pattern.compile("\\bsetDefaultSSLSocketFactory\\b|\\bsetDefaultHostnameVerifier\\b"),
      Pattern.compile("\\bSSLContext\\s*\\.\\s*getInstance\\b"),
      Pattern.compile("(?i)trust_?all|insecure_?ssl|\\bInsecureTrustManager\\b"),
      Pattern.compile("\\bcertificatePinner\\s*\\(\\s*CertificatePinner\\.DEFAULT"));

  static List<String> findings(String source) {
    List<String> out = new ArrayList<>();
    String[] lines = source.split("\n");
    for (int i = 0; i < lines.length; i++) {
      for (Pattern p : FORBIDDEN) if (p.matcher(lines[i]).find()) out.add((i + 1) + ": " + lines[i].trim());
    }
    return out;
  }

  @Test
  void theScannerRecognisesTrustAllCode() {
    String trustAll = "class T implements X509TrustManager {\n"
        + "  OkHttpClient c = new OkHttpClient.Builder().sslSocketFactory(f, this)\n"
        + "      .hostnameVerifier((h, s) -> true).build();\n}\n";
    assertThat(findings(trustAll)).hasSize(3);
    assertThat(findings("OkHttpClient c = new OkHttpClient.Builder().build();")).isEmpty();
  }

  @Test
  void noMainSourceDisablesCertificateOrHostnameChecks() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : (Iterable<Path>) modules::iterator) {
        Path main = module.resolve("src/main/java");
        if (!Files.isDirectory(main)) continue;
        try (Stream<Path> files = Files.walk(main)) {
          files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
        }
      }
    }
    assertThat(sources).as("main sources found under " + root)
        .anyMatch(p -> p.endsWith(Path.of("dev/chatbridge/internal/http/Transport.java")))
        .anyMatch(p -> p.toString().contains("/testkit/src/main/java/"));
    List<String> all = new ArrayList<>();
    for (Path f : sources) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String hit : findings(text)) all.add(root.relativize(f) + ":" + hit);
    }
    assertThat(all).as("trust-all or TLS-override code in main sources").isEmpty();
  }
}
