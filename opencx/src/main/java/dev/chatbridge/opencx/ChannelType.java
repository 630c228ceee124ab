package dev.chatbridge.opencx;

import dev.chatbridge.OpenEnum;
import java.util.List;
import java.util.Objects;

/**
 * The channel a session runs on ({@code channel.type}). An {@link OpenEnum}: the documented channels are constants,
 * any other value is kept verbatim by {@link #of(String)}, because the list has grown in every snapshot of the docs.
 */
public final class ChannelType extends OpenEnum {
  public static final ChannelType WEB = new ChannelType("web");
  public static final ChannelType EMAIL = new ChannelType("email");
  public static final ChannelType PHONE_VOICE = new ChannelType("phone_voice");
  public static final ChannelType SLACK = new ChannelType("slack");
  public static final ChannelType SMS = new ChannelType("sms");
  public static final ChannelType WHATSAPP = new ChannelType("whatsapp");
  public static final ChannelType INSTAGRAM = new ChannelType("instagram");
  public static final ChannelType MESSENGER = new ChannelType("messenger");
  /** The default for sessions created through the API. */
  public static final ChannelType API = new ChannelType("api");
  public static final ChannelType WEB_VOICE = new ChannelType("web_voice");

  private static final List<ChannelType> KNOWN =
      List.of(WEB, EMAIL, PHONE_VOICE, SLACK, SMS, WHATSAPP, INSTAGRAM, MESSENGER, API, WEB_VOICE);

  private ChannelType(String value) {
    super(value);
  }

  /**
   * The channel for a wire value, trimmed (case-insensitive for the known ones); unknown values are kept as given,
   * trimmed.
   */
  public static ChannelType of(String value) {
    return lookup(Objects.requireNonNull(value, "value").trim(), KNOWN, ChannelType::new);
  }

  /** True for the channels the docs list. */
  @Override
  public boolean isKnown() {
    return KNOWN.contains(this);
  }
}
