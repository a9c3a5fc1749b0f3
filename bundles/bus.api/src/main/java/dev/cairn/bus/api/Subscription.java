package dev.cairn.bus.api;

import org.osgi.annotation.versioning.ProviderType;

/** A subscription or a served topic; closing it stops delivery. Closing twice does nothing. */
@ProviderType
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
