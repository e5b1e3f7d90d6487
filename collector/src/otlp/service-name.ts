/**
 * Service name of spans whose resource has no string `service.name` attribute (the
 * OpenTelemetry SDKs' default, without their `:process` suffix).
 */
export const UNKNOWN_SERVICE = 'unknown_service';

/** The resource attribute that names the service. */
export const SERVICE_NAME_KEY = 'service.name';
