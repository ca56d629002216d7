#pragma once
// The command-line subcommands (shared/brief API.md "Command line"). Each returns the exit code.
#include <string>

#include "app/config.hpp"

namespace duet::app {

int Serve(const Config& config);
int CreatePractice(const Config& config, const std::string& name, const std::string& owner_email,
                   const std::string& owner_password_file, const std::string& owner_name);
int CreateToken(const Config& config, const std::string& email, const std::string& name, const std::string& scope,
                int expires_days);
int ListTokens(const Config& config);
int RevokeToken(const Config& config, const std::string& id);
//! A staff account asked for on the command line.
struct UserArgs {
  std::string email;
  std::string name;
  std::string role;
  std::string clinician_id;
  std::string practice_id;
  std::string password_file;
};
int InviteUser(const Config& config, const UserArgs& args);
int CreateUser(const Config& config, const UserArgs& args);
int DeactivateUser(const Config& config, const std::string& email);
int SeedDemo(const Config& config);
int MigrateOnly(const Config& config);
//! Prints the OpenAPI document (built from the route table, over a throw-away database).
int PrintOpenApi(Config config);
int Backup(const Config& config, const std::string& file);
int Restore(const Config& config, const std::string& file);
int AuditVerify(const Config& config);
//! The configuration as printed at start, secrets masked.
std::string DescribeConfig(const Config& config);

}  // namespace duet::app
