// The IXC listing engine (specs/erp-ixc.md §3): `tabela.campo` fields, the operators = != > < >= <=
// L NL IN NI BE NBE, grid_param given as a JSON-encoded string, comparisons that understand numbers
// and dates in dd/mm/yyyy or yyyy-mm-dd, and sorting. Rows are ordered JSON objects whose values
// are all strings, as IXC sends them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace atende::erpsim::ixc {

using Row = nlohmann::ordered_json;

struct Filter {
  std::string field;  // without the table prefix
  std::string op;
  std::string value;
  std::string
      value2;  // BE/NBE upper bound; on != a second excluded value (the official flow's typo)
};

// "cliente.cnpj_cpf" → "cnpj_cpf" when the prefix names `table`; nullopt otherwise (IXC answers the
// red div).
std::optional<std::string> SplitField(const std::string& qualified, const std::string& table);
// grid_param: a JSON string holding an array of {"TB","OP","P","P2"}; a plain array is accepted
// too.
std::optional<std::vector<Filter>> ParseGridParam(const nlohmann::json& grid_param,
                                                  const std::string& table);
bool KnownOperator(const std::string& op);
bool Matches(const Row& row, const Filter& filter);
void SortRows(std::vector<Row>& rows, const std::string& field, bool descending);
// -1, 0, 1: dates as dates, decimals as numbers, otherwise text.
int CompareValues(const std::string& a, const std::string& b);

}  // namespace atende::erpsim::ixc
