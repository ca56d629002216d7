#pragma once
// The right of access (HIPAA 45 CFR 164.524): a client's whole designated record set as one readable
// PDF — demographics, visits in both modes, signed and draft progress notes with addenda, the plan
// of care, measures, documents and consents. Psychotherapy notes are never part of it.
#include <string>

#include <vector>

#include "access/model.hpp"
#include "documents/service.hpp"
#include "measures/service.hpp"
#include "plans/service.hpp"
#include "practice/service.hpp"
#include "records/service.hpp"
#include "scheduling/service.hpp"

namespace duet::access {

using practice::Origin;

//! Which parts of the record a PDF carries (the right of access: all of them; a release of
//! information: what the client agreed to share).
struct Sections {
  bool demographics = true;
  bool diagnoses = true;
  bool visits = true;
  bool notes = true;
  bool plan = true;
  bool measures = true;
  bool documents = true;
  bool part2 = true;          // substance-use-disorder (42 CFR Part 2) notes, documents and diagnoses
  bool part2_notice = false;  // a disclosure: Part 2 records carry the redisclosure notice (42 CFR 2.32)
};

//! The notice every disclosure of Part 2 records carries (42 CFR 2.32(a)(1), as amended in 2024).
extern const char* const kPart2Notice;

class Service {
 public:
  Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling,
          records::Service& records, plans::Service& plans, measures::Service& measures, documents::Service& documents);

  //! A client asks for their whole record from their portal: due in 30 days; one open at a time (409).
  Result<RecordRequest> RequestRecord(const Principal& client, const std::string& client_id, const Origin& origin);
  //! A client's own requests, newest first (the portal).
  Result<std::vector<RecordRequest>> RequestsOf(const std::string& practice_id, const std::string& client_id);
  //! Open requests of clients whose chart the caller keeps, soonest due first, with the overdue ones flagged.
  Result<std::vector<RecordRequest>> OpenRequests(const Principal& who);
  //! Makes the whole record's PDF, keeps it in the chart shared with the client, and marks the request
  //! delivered (the client downloads it in their portal). Audited.
  Result<RecordRequest> Deliver(const Principal& who, const std::string& request_id, const Origin& origin);
  //! The PDF bytes of a client's whole record, for staff who may see the full chart (audited).
  Result<std::string> RecordPdf(const Principal& who, const std::string& client_id, const Origin& origin);
  //! The chosen parts of the record, after `preface` (a release's cover: recipient, purpose, notice).
  //! Psychotherapy notes are never included, whatever is chosen. The parts read write no audit
  //! events of their own: the caller writes one event for the export with `included` (what the PDF
  //! holds, e.g. "visits (12), notes (9)") as its detail.
  Result<std::string> RecordPdf(const Principal& who, const std::string& client_id, const Sections& sections,
                                const std::vector<std::string>& preface, const Origin& origin,
                                std::string* included = nullptr, int* part2_included = nullptr);

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
