// Evolution API's inbound side (specs/evolution-api.md §3): the webhook JWT (HS256, signed with the
// instance's jwt_key) and the parser of `messages.upsert` / `messages.update` envelopes into
// provider-neutral InboundMessages and StatusUpdates (fromMe echoes apart, groups ignored, LID
// senders resolved through remoteJidAlt when given). Pure functions: no I/O, never throw.
#pragma once

#include <string>
#include <string_view>

#include "channel/channel.h"
#include "core/clock.h"
#include "core/result.h"

namespace atende::channel::evolution {

// Verifies "Bearer <jwt>" (or the bare token): HS256 signature with `jwt_key`, exp not passed (30 s
// of clock skew allowed), iat not in the future, app == "evolution", action == "webhook".
// kUnauthorized otherwise.
Status VerifyWebhookJwt(std::string_view authorization, std::string_view jwt_key, TimePoint now);

// Builds the token Evolution would send (for tests and the fake gateway): {iat, exp: iat+600, app,
// action}.
std::string MakeWebhookJwt(std::string_view jwt_key, TimePoint issued_at);

// Parses one webhook envelope. Events other than messages.upsert / messages.update count as
// ignored. kInvalidInput naming the path for a body that is not the envelope shape.
Result<WebhookBatch> ParseWebhook(std::string_view raw_body);

}  // namespace atende::channel::evolution
