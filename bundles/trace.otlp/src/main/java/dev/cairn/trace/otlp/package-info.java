/** The bus's spans to an OpenTelemetry collector over OTLP/HTTP; private, exports nothing. */
package dev.cairn.trace.otlp;
