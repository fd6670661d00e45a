// interop_check: reads produce.mjs's JSON lines (codes made by independent npm libraries, with the
// values those libraries decode) and checks that atende accepts every code and decodes the same
// values. Prints each disagreement with the case; exits 1 on any, or when the stream lacks its end
// marker.
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "br/document_check.h"
#include "br/payment_code.h"
#include "br/pix.h"

namespace {

using atende::Date;
using nlohmann::json;
namespace br = atende::br;

using Problems = std::vector<std::string>;

template <typename T>
void Want(Problems& out, const char* what, const T& got, const json& expected) {
  if (json(got) != expected)
    out.push_back(std::string(what) + " " + json(got).dump() + ", library says " + expected.dump());
}

json OptionalDate(const std::optional<Date>& d) { return d ? json(d->ToIso()) : json(nullptr); }

Problems CheckBoleto(const std::string& v, const json& e) {
  Date reference = Date::ParseIso(e.at("reference").get<std::string>()).value();
  atende::Result<br::PaymentCode> code = br::DecodePaymentCode(v, reference);
  if (!code.ok()) return {"rejected: " + code.error().message};
  const br::Boleto* b = std::get_if<br::Boleto>(&*code);
  if (!b) return {"decoded as arrecadação"};
  Problems out;
  Want(out, "amount", b->amount.cents(), e.at("amount_cents"));
  Want(out, "due date", OptionalDate(b->due_date), e.at("due_date"));
  Want(out, "bank", b->bank, e.at("bank"));
  Want(out, "formatted", b->FormattedLinha(), e.at("formatted"));
  if (br::BarcodeFromLinha(b->linha) != b->barcode ||
      br::LinhaFromBarcode(b->barcode) != b->linha) {
    out.push_back("barcode/linha round trip");
  }
  return out;
}

Problems CheckArrecadacao(const std::string& v, const json& e) {
  atende::Result<br::PaymentCode> code = br::DecodePaymentCode(v, Date());
  if (!code.ok()) return {"rejected: " + code.error().message};
  const br::Arrecadacao* a = std::get_if<br::Arrecadacao>(&*code);
  if (!a) return {"decoded as a bank slip"};
  Problems out;
  Want(out, "amount", a->amount.cents(), e.at("amount_cents"));
  Want(out, "segment", a->segment, e.at("segment"));
  Want(out, "effective value", a->effective_value, e.at("effective_value"));
  return out;
}

Problems CheckPix(const std::string& v, const json& e) {
  atende::Result<br::PixCode> p = br::ParsePix(v);
  if (!p.ok()) return {"rejected: " + p.error().message};
  Problems out;
  Want(out, "dynamic", p->dynamic, e.at("dynamic"));
  Want(out, "key", p->dynamic ? json(nullptr) : json(p->key), e.at("key"));
  Want(out, "url", p->dynamic ? json(p->url) : json(nullptr), e.at("url"));
  Want(out, "name", p->merchant_name, e.at("name"));
  Want(out, "city", p->merchant_city, e.at("city"));
  Want(out, "amount", p->amount ? json(p->amount->cents()) : json(nullptr), e.at("amount_cents"));
  Want(out, "txid", p->txid.empty() ? std::string("***") : p->txid, e.at("txid"));
  Want(out, "info", p->info, e.at("info"));
  // Our own generator must reproduce a static code byte for byte from what it carries (when the
  // library upper-cased name and city as we do; @brazilian-utils keeps their case).
  bool folded = br::FoldPixText(p->merchant_name, 25) == p->merchant_name &&
                br::FoldPixText(p->merchant_city, 15) == p->merchant_city;
  if (!p->dynamic && folded) {
    br::PixStaticSpec spec{
        p->key, p->merchant_name, p->merchant_city, p->amount, p->txid == "***" ? "" : p->txid,
        p->info};
    atende::Result<std::string> again = br::MakeStaticPix(spec);
    if (!again.ok()) {
      out.push_back("MakeStaticPix refused the decoded fields: " + again.error().message);
    } else if (*again != v && p->point_of_initiation.empty()) {
      out.push_back("MakeStaticPix gives " + *again);
    }
  }
  return out;
}

Problems CheckDocument(const std::string& v, const json& e, atende::DocumentKind kind) {
  atende::Result<atende::Document> d = br::ParseDocument(v);
  if (!d.ok()) return {"rejected: " + d.error().message};
  Problems out;
  if (d->kind() != kind) out.push_back("wrong kind");
  Want(out, "formatted", d->Formatted(), e.at("formatted"));
  return out;
}

}  // namespace

int main() {
  std::string line;
  long seen = 0;
  long failed = 0;
  bool ended = false;
  std::map<std::string, long> counts;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    json item = json::parse(line, nullptr, false);
    if (item.is_discarded()) {
      std::cerr << "unreadable line: " << line << "\n";
      ++failed;
      continue;
    }
    std::string kind = item.at("kind").get<std::string>();
    if (kind == "end") {
      ended = item.at("value").get<long>() == seen;
      if (!ended)
        std::cerr << "stream says " << item.at("value") << " cases, read " << seen << "\n";
      break;
    }
    ++seen;
    ++counts[kind];
    std::string value = item.at("value").get<std::string>();
    const json& e = item.at("expect");
    Problems problems;
    try {
      if (kind == "boleto") {
        problems = CheckBoleto(value, e);
      } else if (kind == "arrecadacao") {
        problems = CheckArrecadacao(value, e);
      } else if (kind == "pix") {
        problems = CheckPix(value, e);
      } else if (kind == "cpf") {
        problems = CheckDocument(value, e, atende::DocumentKind::kCpf);
      } else if (kind == "cnpj") {
        problems = CheckDocument(value, e, atende::DocumentKind::kCnpj);
      } else {
        problems = {"unknown kind"};
      }
    } catch (const json::exception& ex) {
      problems = {std::string("malformed case: ") + ex.what()};
    }
    if (!problems.empty()) {
      ++failed;
      if (failed <= 50) {
        std::cerr << "MISMATCH " << kind << " " << value << " " << e.dump() << " ->";
        for (const std::string& p : problems) std::cerr << " " << p << ";";
        std::cerr << "\n";
      }
    }
  }
  if (!ended) std::cerr << "input ended without the end marker\n";
  std::cout << "interop_check: " << seen << " cases (";
  for (auto it = counts.begin(); it != counts.end(); ++it) {
    std::cout << (it == counts.begin() ? "" : ", ") << it->first << " " << it->second;
  }
  std::cout << "), " << failed << " disagreements\n";
  return failed || !ended ? 1 : 0;
}
