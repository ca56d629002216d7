#pragma once
// A test fixture: a fresh, migrated SQLite database file in a temporary directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "platform/crypto.hpp"
#include "platform/db/db.hpp"

namespace duet {

class MigratedSqlite : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    dir_ = std::filesystem::temp_directory_path() / ("duet-unit-" + crypto::RandomToken(6));
    std::filesystem::create_directories(dir_);
    auto db = db::Open("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(db) << db.error().internal_detail;
    db_ = std::move(*db);
    ASSERT_TRUE(db::Migrate(*db_));
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<db::Database> db_;
};

}  // namespace duet
