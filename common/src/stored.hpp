// The document data stored in the index: what a hit needs to be shown without the source
// files. Also the JSON shape of participants shared by input records and output.
#pragma once

#include <mofa/statement.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace mofa::stored {

/// `{"people":[{"name","role"}],"countries":[{"code","name"}],"organizations":[{"name"}]}`
/// with a null role when none is known.
nlohmann::ordered_json participants_to_json(const Participants& participants);

/// The inverse, lenient about missing keys; throws nlohmann::json::exception on wrong types.
Participants participants_from_json(const nlohmann::json& json);

/// The document data of a statement.
std::string to_data(const Statement& statement);

/// A statement from its document data; the body is kept only when asked for.
Statement from_data(std::string_view data, bool with_body);

} // namespace mofa::stored
