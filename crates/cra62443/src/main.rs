//! `cra62443`: show EU Cyber Resilience Act conformity of OT products through EN IEC 62443.
//!
//! The binary is thin: argument parsing and output formatting over the library crates.

#![forbid(unsafe_code)]

mod assess_cmd;
mod cli;
mod commands;
mod crosswalk_cmd;
mod output;
mod profile_cmd;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// What went wrong, and so which exit code the user sees.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage or an unknown/ambiguous ID: exit code 2, one line.
    Usage(String),
    /// Data files that do not validate: exit code 1, one rendered diagnostic each.
    Data(cra62443_catalog::Diagnostics),
    /// Any other runtime failure: exit code 1.
    Runtime(String),
}

impl From<cra62443_catalog::Diagnostics> for Failure {
    fn from(d: cra62443_catalog::Diagnostics) -> Self {
        Self::Data(d)
    }
}

impl From<cra62443_catalog::ResolveError> for Failure {
    fn from(e: cra62443_catalog::ResolveError) -> Self {
        Self::Usage(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Self::Runtime(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Data(diagnostics)) => {
            let mut stderr = std::io::stderr().lock();
            for d in &diagnostics.0 {
                let _ = write!(stderr, "{d}");
            }
            let _ = writeln!(stderr, "error: {} problem(s) found", diagnostics.0.len());
            ExitCode::from(1)
        }
        Err(Failure::Runtime(message)) => {
            // A closed pipe (`cra62443 catalog list | head`) is not an error worth a message.
            if message.contains("Broken pipe") {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
