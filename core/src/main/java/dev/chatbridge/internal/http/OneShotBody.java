package dev.chatbridge.internal.http;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/** A body OkHttp may write only once, so its own connection recovery cannot re-send a message. Not API. */
final class OneShotBody extends RequestBody {
  private final byte[] bytes;
  private final MediaType contentType;

  OneShotBody(byte[] bytes, MediaType contentType) {
    this.bytes = bytes;
    this.contentType = contentType;
  }

  @Override
  public MediaType contentType() {
    return contentType;
  }

  @Override
  public long contentLength() {
    return bytes.length;
  }

  @Override
  public boolean isOneShot() {
    return true;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    sink.write(bytes);
  }
}
