package dev.chatbridge.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * An OkHttp application interceptor answering from memory, so the SDK's real stream path (ChatSession → backend →
 * Transport → vendor parser → ChatStream) can be measured on a body held in an okio {@link Buffer}, with no socket.
 * Given to the SDK through {@code ChatConfig.okHttpClient}, the one supported way to supply an OkHttp client.
 */
final class CannedResponses implements Interceptor {
  private final Map<String, Supplier<Buffer>> bodies = new LinkedHashMap<>();
  private final Map<String, String> types = new LinkedHashMap<>();

  /** Answers {@code METHOD path-prefix} with the buffer {@code body} supplies (consumed by the reader). */
  CannedResponses on(String method, String pathPrefix, String contentType, Supplier<Buffer> body) {
    bodies.put(method + " " + pathPrefix, body);
    types.put(method + " " + pathPrefix, contentType);
    return this;
  }

  CannedResponses on(String method, String pathPrefix, String contentType, byte[] body) {
    return on(method, pathPrefix, contentType, () -> new Buffer().write(body));
  }

  OkHttpClient client() {
    return new OkHttpClient.Builder().addInterceptor(this).build();
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    String path = request.url().encodedPath();
    for (Map.Entry<String, Supplier<Buffer>> e : bodies.entrySet()) {
      String key = e.getKey();
      int sp = key.indexOf(' ');
      if (request.method().equals(key.substring(0, sp)) && path.startsWith(key.substring(sp + 1))) {
        Buffer body = e.getValue().get();
        return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(200).message("OK")
            .header("Content-Type", types.get(key))
            .body(ResponseBody.create(body, MediaType.get(types.get(key)), body.size()))
            .build();
      }
    }
    return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(404).message("Not Found")
        .body(ResponseBody.create("{\"detail\":\"Not Found\"}", MediaType.get("application/json"))).build();
  }
}
