#pragma once
// Chart documents and consents: upload a PDF or image (kept only if its bytes say so), sealed with
// the practice key; record a consent the client signs (in session, witnessed); read them back,
// every read audited. Notes ask whether a telehealth consent is on file.
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "documents/model.hpp"
#include "documents/store.hpp"
#include "identity/service.hpp"
#include "platform/crypto.hpp"
#include "platform/db/db.hpp"
#include "practice/service.hpp"
#include "scheduling/service.hpp"

namespace duet::documents {

using practice::Origin;

struct Upload {
  std::string title;
  std::string category = "other";
  std::optional<Date> document_date;
  std::string data;  // the file's bytes (decoded from base64 by the route)
};

//! A client with a video or audio visit coming and no telehealth consent on file.
struct ConsentGap {
  std::string client_id;
  std::string client_name;
  std::string appointment_id;  // their next such visit
  EpochSeconds start = 0;
  std::string mode;
};

//! A consent's standard wording (data/consents.json).
struct ConsentText {
  std::string title;
  int version = 1;
  std::string text;
};

//! A consent the practice asks for, as a client sees it: the current wording and when they last signed one.
struct ConsentToSign {
  std::string kind;
  std::string title;
  int version = 1;
  std::string text;
  std::optional<EpochSeconds> signed_at;
  std::string language = "en";  // the wording's language (data/consents.<code>.json; English otherwise)
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, identity::Service& identity, practice::Service& directory,
          scheduling::Service& scheduling, std::string_view consents_json);

  Result<std::vector<Document>> List(const Principal& who, const std::string& client_id, const Origin& origin);
  Result<Document> Add(const Principal& who, const std::string& client_id, const Upload& upload, const Origin& origin);
  //! Records that the client (or `signed_name`, e.g. a guardian) signed a consent, witnessed by the caller.
  Result<Document> RecordConsent(const Principal& who, const std::string& client_id, Kind kind,
                                 const std::string& signed_name, const Origin& origin);
  //! The consents with their current wording in `language` (where data/consents.<language>.json has the
  //! same version; English otherwise), and when this client last signed each (no principal: the portal asks
  //! for the client's own).
  Result<std::vector<ConsentToSign>> ConsentsFor(const std::string& practice_id, const std::string& client_id,
                                                 const std::string& language = "en");
  //! A consent the client signs themselves in their portal: the exact wording, `version` and `language` they
  //! read (a newer wording meanwhile is 409), their typed name, when and from which address, kept in the chart
  //! as a PDF. Audited as the client.
  Result<Document> SignByClient(const Principal& client, const std::string& client_id, Kind kind,
                                const std::string& signed_name, int version, const std::string& language,
                                const Origin& origin);
  //! Shares a chart document with the client in their portal, or stops sharing it (those who keep the chart).
  Result<Document> SetShared(const Principal& who, const std::string& id, bool shared, const Origin& origin);
  //! Marks a document as a substance-use-disorder record (42 CFR Part 2), or unmarks it (those who keep the chart).
  Result<Document> SetPart2(const Principal& who, const std::string& id, bool part2, const Origin& origin);
  //! Whether the client's agreement lets the care team see each other's Part 2 records (care/ keeps it). Without
  //! it, a Part 2 document is seen by whoever added it and the owner only.
  using Part2Sharing = std::function<Result<bool>(const std::string& practice_id, const std::string& client_id)>;
  void SetPart2Sharing(Part2Sharing sharing) { part2_sharing_ = std::move(sharing); }
  //! The documents shared with the client (titles open), newest first (no principal: the portal asks for
  //! the client's own).
  Result<std::vector<Document>> SharedWith(const std::string& practice_id, const std::string& client_id);
  //! A shared document's bytes for its own client; anything else is not found.
  Result<std::pair<Document, std::string>> SharedContent(const std::string& practice_id, const std::string& client_id,
                                                         const std::string& id);
  //! Keeps a document the practice made (a record for the right of access) in the chart, shared with the client.
  Result<Document> AddShared(const Principal& who, const std::string& client_id, const Upload& upload,
                             const Origin& origin);
  //! Keeps a document the client's own pages made (a submitted intake form) in the chart, shared with the client
  //! (the caller resolved whose pages these are).
  Result<Document> AddFromClient(const Principal& client, const std::string& client_id, const Upload& upload,
                                 const Origin& origin);
  //! A document's bytes and type.
  Result<std::pair<Document, std::string>> Content(const Principal& who, const std::string& id, const Origin& origin);
  //! Documents of one client's chart by id, titles opened (and with `bytes`, their content), for a capability that
  //! decided access itself and audits the reading (a referral's attachments). Ids not of that chart are left out.
  Result<std::vector<std::pair<Document, std::string>>> ChartDocuments(const std::string& practice_id,
                                                                       const std::string& client_id,
                                                                       const std::vector<std::string>& ids, bool bytes);
  //! A document of the client's chart for the care team's conversation about them (the caller decided the team
  //! member may see the conversation, and audits the reading): not found unless it is of that chart; a Part 2
  //! record only while the client's agreement lets the team see Part 2 records (else 422, rule "part2").
  //! Whether the client's agreement lets the care team see each other's Part 2 records (false without care/).
  Result<bool> TeamSeesPart2(const std::string& practice_id, const std::string& client_id);
  Result<std::pair<Document, std::string>> ForTeam(const std::string& practice_id, const std::string& client_id,
                                                   const std::string& id, bool bytes);
  //! When the client last signed a telehealth consent, if ever (no principal: the caller guards).
  Result<std::optional<EpochSeconds>> TelehealthConsentSigned(const std::string& practice_id,
                                                              const std::string& client_id);
  //! Clients with a video or audio visit in the next 30 days and no telehealth consent on file, by
  //! their next such visit (a clinician: their own visits; `client_id`: that client only). One audit event.
  Result<std::vector<ConsentGap>> MissingTelehealthConsents(const Principal& who,
                                                            const std::optional<std::string>& client_id,
                                                            const Origin& origin);

 private:
  Part2Sharing part2_sharing_;
  //! A document's yes-or-no mark changed, audited as `action`.
  Result<Document> SetFlag(const Principal& who, const std::string& id, store::Flag flag, bool on,
                           std::string_view action, const Origin& origin);
  //! True when the principal may not see this Part 2 document (another member without the client's agreement).
  Result<bool> HiddenPart2(const Principal& who, const Document& d);

  Result<Document> Store(const Principal& who, Document d, const std::string& bytes, const Origin& origin);
  //! A consent signed now, recorded by `by` (title, type and names are the caller's).
  Document SignedConsent(const std::string& client_id, Kind kind, const std::string& by, EpochSeconds now);
  //! A chart document for a file whose type its bytes showed.
  Document NewDocument(const Principal& who, const std::string& client_id, const Upload& upload,
                       std::string_view content_type, bool shared);

  db::Database& db_;
  const Clock& clock_;
  identity::Service& identity_;
  practice::Service& directory_;
  scheduling::Service& scheduling_;
  std::unordered_map<std::string, ConsentText> consents_;
};

}  // namespace duet::documents
