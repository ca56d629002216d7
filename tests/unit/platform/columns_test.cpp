// A table's columns declared once (platform/db/columns.hpp): the SQL it writes, and a row that goes into
// a real SQLite table and comes back the same, with NULL for empty values where the declaration says so.
#include <gtest/gtest.h>

#include "../migrated_sqlite.hpp"
#include "platform/db/columns.hpp"
#include "scheduling/codecs.hpp"

namespace duet {
namespace {

using scheduling::VisitMode;
using scheduling::Warning;

struct Thing {
  std::string id;
  std::string owner_id;  // optional foreign key: NULL when empty
  VisitMode mode = VisitMode::kInPerson;
  std::vector<VisitMode> modes;
  std::vector<int> weekdays;
  std::vector<Warning> warnings;  // a JSON column, in the codec's form
  std::optional<std::int64_t> fee;
  Date on{};
  bool active = false;
  EpochSeconds revoked_at = 0;  // not yet: NULL
  EpochSeconds created_at = 0;
  std::int64_t version = 1;
};

const auto kThings = db::Table<Thing>(
    "things", db::Col("id", &Thing::id, {.editable = false}),
    db::Col("owner_id", &Thing::owner_id, {.null_when_empty = true}), db::Col("mode", &Thing::mode),
    db::Col("modes", &Thing::modes), db::Col("weekdays", &Thing::weekdays), db::Col("warnings", &Thing::warnings),
    db::Col("fee", &Thing::fee), db::Col("on_date", &Thing::on), db::Col("active", &Thing::active),
    db::Col("revoked_at", &Thing::revoked_at, {.null_when_empty = true}),
    db::Col("created_at", &Thing::created_at, {.editable = false}), db::Version(&Thing::version));

TEST(Columns, WriteTheirSqlFromTheOneList) {
  EXPECT_EQ(kThings.Select("t."),
            "t.id, t.owner_id, t.mode, t.modes, t.weekdays, t.warnings, t.fee, t.on_date, t.active, t.revoked_at, "
            "t.created_at, t.version");
  EXPECT_EQ(kThings.Insert({"practice_id"}),
            "INSERT INTO things (id, owner_id, mode, modes, weekdays, warnings, fee, on_date, active, revoked_at, "
            "created_at, version, practice_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  EXPECT_EQ(kThings.Update("id = ? AND version = ?"),
            "UPDATE things SET owner_id = ?, mode = ?, modes = ?, weekdays = ?, warnings = ?, fee = ?, on_date = ?, "
            "active = ?, revoked_at = ?, version = version + 1 WHERE id = ? AND version = ?");
  Thing t;
  t.id = "x";
  EXPECT_EQ(kThings.UpdateValues(t, {std::string("x"), std::int64_t{1}}).size(), 11u);
  EXPECT_EQ(kThings.InsertValues(t, {std::string("p")}).size(), 13u);
  EXPECT_EQ(kThings.size(), 12u);
}

class ColumnsInSqlite : public MigratedSqlite {
 protected:
  void SetUp() override {
    MigratedSqlite::SetUp();
    ASSERT_TRUE(db_->WithWrite([](db::Connection& c) {
      return c.ExecScript(
          "CREATE TABLE things (id TEXT PRIMARY KEY, practice_id TEXT NOT NULL, owner_id TEXT, mode TEXT NOT NULL, "
          "modes TEXT NOT NULL, weekdays TEXT NOT NULL, warnings TEXT NOT NULL, fee BIGINT, on_date TEXT NOT NULL, "
          "active INTEGER NOT NULL, revoked_at BIGINT, created_at BIGINT NOT NULL, version BIGINT NOT NULL)");
    }));
  }
  Thing Load(const std::string& id) {
    Thing out;
    EXPECT_TRUE(db_->WithRead([&](db::Connection& c) -> Status {
      auto row = c.QueryOne("SELECT " + kThings.Select() + " FROM things WHERE id = ?", {id});
      if (!row) return tl::unexpected(row.error());
      out = kThings.Read(*row);
      return {};
    }));
    // Read in place (Connection::Each), the same row comes back the same.
    Thing in_place;
    int rows = 0;
    EXPECT_TRUE(db_->WithRead([&](db::Connection& c) -> Status {
      return c.Each("SELECT " + kThings.Select() + " FROM things WHERE id = ?", std::vector<db::Value>{id},
                    [&](const db::Cells& cells) {
                      in_place = kThings.Read(cells);
                      ++rows;
                    });
    }));
    EXPECT_EQ(rows, 1);
    EXPECT_EQ(in_place.id, out.id);
    EXPECT_EQ(in_place.owner_id, out.owner_id);
    EXPECT_EQ(in_place.mode, out.mode);
    EXPECT_EQ(in_place.modes, out.modes);
    EXPECT_EQ(in_place.weekdays, out.weekdays);
    EXPECT_EQ(in_place.warnings.size(), out.warnings.size());
    EXPECT_EQ(in_place.fee, out.fee);
    EXPECT_EQ(in_place.on, out.on);
    EXPECT_EQ(in_place.active, out.active);
    EXPECT_EQ(in_place.revoked_at, out.revoked_at);
    EXPECT_EQ(in_place.created_at, out.created_at);
    EXPECT_EQ(in_place.version, out.version);
    return out;
  }
  std::int64_t Count(const std::string& where) {
    std::int64_t n = -1;
    EXPECT_TRUE(db_->WithRead([&](db::Connection& c) -> Status {
      auto row = c.QueryOne("SELECT COUNT(*) FROM things WHERE " + where);
      if (!row) return tl::unexpected(row.error());
      n = row->Int(0);
      return {};
    }));
    return n;
  }
};

TEST_F(ColumnsInSqlite, ARowComesBackAsItWent) {
  Thing t;
  t.id = "t1";
  t.mode = VisitMode::kVideo;
  t.modes = {VisitMode::kVideo, VisitMode::kAudio};
  t.weekdays = {1, 3, 5};
  t.warnings = {{"after_hours", "Outside the clinician's hours"}};
  t.fee = 16000;
  t.on = *ParseDate("2026-12-07");
  t.active = true;
  t.created_at = 1'800'000'000;
  ASSERT_TRUE(db_->WithWrite([&](db::Connection& c) {
    return db::Done(c.Exec(kThings.Insert({"practice_id"}), kThings.InsertValues(t, {std::string("p")})));
  }));
  // Empty text and a moment not yet reached are NULL in the table.
  EXPECT_EQ(Count("owner_id IS NULL AND revoked_at IS NULL AND version = 1 AND modes = 'video,audio'"), 1);
  Thing back = Load("t1");
  EXPECT_EQ(back.mode, VisitMode::kVideo);
  EXPECT_EQ(back.modes, t.modes);
  EXPECT_EQ(back.weekdays, t.weekdays);
  ASSERT_EQ(back.warnings.size(), 1u);
  EXPECT_EQ(back.warnings[0].code, "after_hours");
  EXPECT_EQ(back.fee, 16000);
  EXPECT_EQ(FormatDate(back.on), "2026-12-07");
  EXPECT_TRUE(back.active);
  EXPECT_EQ(back.revoked_at, 0);
  EXPECT_EQ(back.created_at, t.created_at);

  // An update writes the editable columns and raises the version; the WHERE names the version read.
  back.owner_id = "o1";
  back.fee.reset();
  back.revoked_at = 1'800'000'100;
  back.created_at = 1;  // not editable: ignored
  std::int64_t changed = 0;
  ASSERT_TRUE(db_->WithWrite([&](db::Connection& c) -> Status {
    auto n = c.Exec(kThings.Update("id = ? AND version = ?"), kThings.UpdateValues(back, {back.id, back.version}));
    if (!n) return tl::unexpected(n.error());
    changed = *n;
    return {};
  }));
  EXPECT_EQ(changed, 1);
  Thing again = Load("t1");
  EXPECT_EQ(again.owner_id, "o1");
  EXPECT_FALSE(again.fee.has_value());
  EXPECT_EQ(again.revoked_at, 1'800'000'100);
  EXPECT_EQ(again.created_at, t.created_at);
  EXPECT_EQ(again.version, 2);
}

TEST_F(ColumnsInSqlite, ReadsWhatItCannotParseAsTheDefault) {
  ASSERT_TRUE(db_->WithWrite([](db::Connection& c) {
    return db::Done(
        c.Exec("INSERT INTO things VALUES ('t2', 'p', NULL, 'teleport', 'video,,nonsense', '2,x', 'not json', NULL, "
               "'someday', 1, NULL, 5, 3)"));
  }));
  Thing back = Load("t2");
  EXPECT_EQ(back.mode, VisitMode{});
  EXPECT_EQ(back.modes, (std::vector<VisitMode>{VisitMode::kVideo}));
  EXPECT_EQ(back.weekdays, (std::vector<int>{2}));
  EXPECT_TRUE(back.warnings.empty());
  EXPECT_EQ(back.on, Date{});
  EXPECT_EQ(back.version, 3);
}

}  // namespace
struct Mark {
  EpochSeconds at = 0;
  std::string by;
};
struct Signed {
  std::string id;
  std::optional<Mark> mark;  // several columns, all NULL until signed
  std::int64_t version = 1;
};
const auto kSigned =
    db::Table<Signed>("signed_things", db::Col("id", &Signed::id, {.editable = false}),
                      db::Group(&Signed::mark, db::Col("marked_at", &Mark::at), db::Col("marked_by", &Mark::by)),
                      db::Version(&Signed::version));

TEST(Columns, AGroupOfColumnsHoldsOneOptionalMember) {
  EXPECT_EQ(kSigned.Select(), "id, marked_at, marked_by, version");
  EXPECT_EQ(kSigned.size(), 4u);
  EXPECT_EQ(kSigned.Update("id = ?"),
            "UPDATE signed_things SET marked_at = ?, marked_by = ?, version = version + 1 WHERE id = ?");
  Signed s{"s1", std::nullopt, 1};
  auto values = kSigned.InsertValues(s);
  ASSERT_EQ(values.size(), 4u);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(values[1]));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(values[2]));
}

TEST_F(ColumnsInSqlite, AGroupIsAbsentUntilItsFirstColumnIsSet) {
  ASSERT_TRUE(db_->WithWrite([](db::Connection& c) -> Status {
    if (auto made = c.ExecScript("CREATE TABLE signed_things (id TEXT PRIMARY KEY, marked_at BIGINT, marked_by TEXT, "
                                 "version BIGINT NOT NULL)");
        !made)
      return made;
    return db::Done(c.Exec(kSigned.Insert(), kSigned.InsertValues(Signed{"s1", std::nullopt, 1})));
  }));
  auto load = [&] {
    Signed out;
    EXPECT_TRUE(db_->WithRead([&](db::Connection& c) -> Status {
      auto row = c.QueryOne("SELECT " + kSigned.Select() + " FROM signed_things WHERE id = 's1'");
      if (!row) return tl::unexpected(row.error());
      out = kSigned.Read(*row);
      return {};
    }));
    return out;
  };
  Signed back = load();
  EXPECT_FALSE(back.mark.has_value());
  back.mark = Mark{1'800'000'000, "u1"};
  ASSERT_TRUE(db_->WithWrite([&](db::Connection& c) {
    return db::Done(c.Exec(kSigned.Update("id = ?"), kSigned.UpdateValues(back, {back.id})));
  }));
  Signed again = load();
  ASSERT_TRUE(again.mark.has_value());
  EXPECT_EQ(again.mark->at, 1'800'000'000);
  EXPECT_EQ(again.mark->by, "u1");
  EXPECT_EQ(again.version, 2);
}

}  // namespace duet
