// Text normalisation for Brazilian WhatsApp Portuguese. FoldText keeps the message's shape
// (punctuation, digits) for entity extraction; NormalizeForIntent produces the token stream the
// intent classifier is trained and run on: lower case, accents folded, emojis that carry meaning
// turned into words, repeated letters collapsed, common abbreviations expanded (vc, pq, q, tb, blz,
// hj, amn, n, ñ, pfv, obg, vlw, …), numbers abstracted, punctuation dropped. Both are pure
// functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace atende::nlu {

// Lower case, accents folded ("Já PAGUEI 👍" → "ja paguei sim"), emojis with a clear meaning
// replaced by a word and other symbols by spaces; digits and punctuation are kept. Invalid UTF-8
// bytes are dropped.
std::string FoldText(std::string_view utf8);

// FoldText, then word-level normalisation for the classifier: "oiii vc pode me manda a 2a via
// pfv??" → "oi voce pode me manda a segunda via por favor". Digit runs become "#n".
std::string NormalizeForIntent(std::string_view utf8);

}  // namespace atende::nlu
