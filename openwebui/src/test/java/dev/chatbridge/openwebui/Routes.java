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
  private boolean storing;

  /**
   * From now on a 2xx chat update ({@code POST} with a {@code chat} object to a path that also has a {@code GET}
   * route) is stored as a server does: later {@code GET}s of that path answer the posted {@code chat} in the
   * envelope of the last {@code GET} answer (a send reads its write-back again to check it).
   */
  synchronized Routes storeChatUpdates() {
    storing = true;
    return this;
  }

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
    MockResponse answer = q.size() == 1 ? q.peek() : q.poll();
    if (storing && request.getMethod().equals("POST")) store(path, request, answer);
    return answer;
  }

  private void store(String path, RecordedRequest request, MockResponse answer) {
    Deque<MockResponse> gets = responses.get("GET " + path);
    if (gets == null || gets.isEmpty() || !answer.getStatus().contains(" 2")) return;
    try {
      com.fasterxml.jackson.databind.JsonNode posted = dev.chatbridge.internal.json.Json.parse(
          request.getBody().clone().readUtf8()).get("chat");
      MockResponse last = gets.peekLast();
      com.fasterxml.jackson.databind.JsonNode envelope = dev.chatbridge.internal.json.Json.parse(
          last.getBody().clone().readUtf8());
      if (posted == null || !posted.isObject() || !envelope.isObject()) return;
      ((com.fasterxml.jackson.databind.node.ObjectNode) envelope).set("chat", posted);
      gets.clear();
      gets.add(json(200, envelope.toString()));
    } catch (Exception e) {
      // not a chat update: nothing stored
    }
  }

  /** Requests with this method and path, in order. */
  List<RecordedRequest> requests(String method, String path) {
    return requests.stream()
        .filter(r -> r.getMethod().equals(method) && r.getRequestUrl().encodedPath().equals(path))
        .collect(java.util.stream.Collectors.toList());
  }
}
