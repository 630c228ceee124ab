package dev.chatbridge.spring;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Whether any {@code chatbridge.clients.<name>} is configured. */
final class NamedClientsCondition {
  private NamedClientsCondition() {}

  static boolean present(ConditionContext context) {
    return !Binder.get(context.getEnvironment()).bind("chatbridge.clients", Bindable.mapOf(String.class,
        ClientProperties.class)).orElse(Map.of()).isEmpty();
  }

  /** Named clients are configured. */
  static final class Present implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return present(context);
    }
  }

  /** No named client is configured. */
  static final class Absent implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return !present(context);
    }
  }
}
