/**
 * Interactions delivered over HTTP, as Discord does for an application with an Interactions Endpoint URL:
 * the payload is POSTed, signed with Ed25519 (`X-Signature-Ed25519` over `X-Signature-Timestamp` + body),
 * and the HTTP response *is* the interaction callback. Follow-ups and `@original` edits then use the
 * emulator's webhook routes as usual.
 */
import { type KeyObject, sign } from "node:crypto";
import type { Core, InteractionState } from "./core.js";
import { applyInteractionCallback } from "./rest.js";
import type { EndpointDelivery, Json } from "./types.js";

export interface InteractionsEndpoint {
  /** e.g. http://127.0.0.1:3000/interactions */
  url: string;
  /** The application's Ed25519 private key (the endpoint verifies with its public key). */
  privateKey: KeyObject;
}

/** The two signature headers for `body`, signed now (or at `timestamp`, unix seconds). */
export function signatureHeaders(
  privateKey: KeyObject,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const ts = String(timestamp);
  const signature = sign(null, new TextEncoder().encode(ts + body), privateKey).toString("hex");
  return { "x-signature-ed25519": signature, "x-signature-timestamp": ts };
}

/** POST one signed payload; the status and parsed JSON body (or text) of the answer. */
export async function postSigned(
  endpoint: InteractionsEndpoint,
  payload: unknown,
  headers?: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify(payload);
  const response = await fetch(endpoint.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Discord-Interactions/1.0 (+https://discord.com)",
      ...(headers ?? signatureHeaders(endpoint.privateKey, body)),
    },
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: kept as text.
  }
  return { status: response.status, body: parsed };
}

/** Deliver an interaction to the endpoint and apply its answer as the callback (in the background). */
export function deliverToEndpoint(core: Core, endpoint: InteractionsEndpoint, state: InteractionState): void {
  const started = Date.now();
  const delivery: EndpointDelivery = {
    interactionId: state.id,
    type: state.type,
    status: 0,
    body: null,
    at: started,
    ms: 0,
  };
  core.endpointDeliveries.push(delivery);
  postSigned(endpoint, state.payload).then(
    ({ status, body }) => {
      delivery.status = status;
      delivery.body = body;
      delivery.ms = Date.now() - started;
      if (status !== 200) {
        core.config.log(
          `[emulator] interactions endpoint answered ${status} for interaction ${state.id}: ${JSON.stringify(body)}`,
        );
      } else {
        const result = applyInteractionCallback(core, state, body as Json, [], false);
        if (result.status >= 400) {
          core.config.log(
            `[emulator] interactions endpoint's response to ${state.id} was rejected (${result.status}): ${JSON.stringify(result.body)}`,
          );
        }
      }
      core.hub.notify();
    },
    (error: Error) => {
      delivery.status = -1;
      delivery.body = error.message;
      core.config.log(`[emulator] interactions endpoint unreachable: ${error.message}`);
      core.hub.notify();
    },
  );
}
