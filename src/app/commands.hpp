#pragma once
// The command-line subcommands (shared/brief API.md "Command line"). Each returns the exit code.
#include <string>

#include "app/config.hpp"

namespace duet::app {

int Serve(const Config& config);
int CreatePractice(const Config& config, const std::string& name, const std::string& owner_email,
                   const std::string& owner_password_file, const std::string& owner_name);
int CreateToken(const Config& config, const std::string& email);
int SeedDemo(const Config& config);
int MigrateOnly(const Config& config);
int Backup(const Config& config, const std::string& file);
int Restore(const Config& config, const std::string& file);
int AuditVerify(const Config& config);
//! The configuration as printed at start, secrets masked.
std::string DescribeConfig(const Config& config);

}  // namespace duet::app
