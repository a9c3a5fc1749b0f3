package dev.cairn.test;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A configuration written as {@code conf/<pid>.cfg} on every node before it starts. A factory configuration is
 * {@code <factory pid>-<name>}, as in deploy/: {@code @Config(pid = "dev.cairn.hardware.gpio.output-fan", ...)}.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
public @interface Config {
    String pid();

    /** Lines of the .cfg file: {@code "demo.orders = 10"}. */
    String[] properties() default {};
}
