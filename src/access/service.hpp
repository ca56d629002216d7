#pragma once
// The right of access (HIPAA 45 CFR 164.524): a client's whole designated record set as one readable
// PDF — demographics, visits in both modes, signed and draft progress notes with addenda, the plan
// of care, measures, documents and consents. Psychotherapy notes are never part of it.
#include <string>

#include "documents/service.hpp"
#include "measures/service.hpp"
#include "plans/service.hpp"
#include "practice/service.hpp"
#include "records/service.hpp"
#include "scheduling/service.hpp"

namespace duet::access {

using practice::Origin;

class Service {
 public:
  Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling, records::Service& records,
          plans::Service& plans, measures::Service& measures, documents::Service& documents);

  //! The PDF bytes of a client's record, for staff who may see the full chart (audited).
  Result<std::string> RecordPdf(const Principal& who, const std::string& client_id, const Origin& origin);

 private:
  db::Database& db_;
  const Clock& clock_;
  practice::Service& directory_;
  scheduling::Service& scheduling_;
  records::Service& records_;
  plans::Service& plans_;
  measures::Service& measures_;
  documents::Service& documents_;
};

}  // namespace duet::access
