package dev.chatbridge;

/** The vendor has no way to do this operation. ChatBridge never silently does nothing instead. */
public class UnsupportedCapabilityException extends ChatException {
  private static final long serialVersionUID = 1L;

  private final String vendor;
  private final Capability capability;

  /** An exception with the vendor's own explanation. */
  public UnsupportedCapabilityException(String vendor, Capability capability, String message) {
    super(message);
    this.vendor = vendor;
    this.capability = capability;
  }

  /** The default message: "{@code <vendor>} does not support {@code <capability>}". */
  public UnsupportedCapabilityException(String vendor, Capability capability) {
    this(vendor, capability, vendor + " does not support " + capability);
  }

  /** The vendor that lacks the capability. */
  public String vendor() {
    return vendor;
  }

  /** The missing capability; null when the operation has no capability constant. */
  public Capability capability() {
    return capability;
  }
}
