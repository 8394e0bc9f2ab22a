//! The `beacon` command line; see `beacon --help`.

fn main() -> std::process::ExitCode {
    beacon::cli::main()
}
