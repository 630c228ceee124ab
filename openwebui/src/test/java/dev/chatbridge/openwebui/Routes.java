package dev.chatbridge.openwebui;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/** A MockWebServer dispatcher answering by "METHOD path" (query ignored), recording every request in order. */
final class Routes extends Dispatcher {
  private final Map<String, Deque<MockResponse>> responses = new HashMap<>();
  final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  synchronized Routes on(String method, String path, MockResponse... answers) {
    Deque<MockResponse> q = responses.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>());
    for (MockResponse r : answers) q.add(r);
    return this;
  }

  static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  static MockResponse sse(String body) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .setBody(body);
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    requests.add(request);
    String path = request.getRequestUrl().encodedPath();
    Deque<MockResponse> q = responses.get(request.getMethod() + " " + path);
    if (q == null || q.isEmpty()) {
      return json(404, "{\"detail\":\"Not Found\"}");
    }
    return q.size() == 1 ? q.peek() : q.poll();
  }

  /** Requests with this method and path, in order. */
  List<RecordedRequest> requests(String method, String path) {
    return requests.stream()
        .filter(r -> r.getMethod().equals(method) && r.getRequestUrl().encodedPath().equals(path))
        .collect(java.util.stream.Collectors.toList());
  }
}
