//! Templates that include or extend one another too deep, in a circle or
//! too often are refused with a message naming the chain, before Tera can
//! overflow the stack (which aborts the process) or render for half an hour; the
//! previous output is left as it was. Chains within the limits build, and
//! fast. Everything runs through the real binary.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{Fixture, run_with_watchdog, snapshot};

/// Exit status for invalid input (`app::EXIT_INVALID`).
const EXIT_INVALID: i32 = 1;

/// Long enough for a debug build on a slow machine, short of a hang.
const WATCHDOG: Duration = Duration::from_secs(120);

/// Writes `templates/<from>` including `t<i>.html` for `i` in `1..n`, each
/// including the next `times` times, the last one ending the chain: `n`
/// templates deep, counting `from`.
fn chain(site: &Fixture, from: &str, prefix: &str, n: usize, times: usize) {
    let include = |i: usize| format!("{{% include \"{prefix}{i}.html\" %}}").repeat(times);
    site.write(&format!("templates/{from}"), include(1));
    for i in 1..n {
        let text = if i + 1 < n {
            format!("[{prefix}{i}]{}", include(i + 1))
        } else {
            format!("[{prefix}{i}: the end]")
        };
        site.write(&format!("templates/{prefix}{i}.html"), text);
    }
}

/// Runs `rungs <command> <site>` under the watchdog.
fn run(site: &Fixture, command: &str) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.arg(command).arg(site.path());
    let out = run_with_watchdog(&mut cmd, WATCHDOG);
    (
        // A process killed by a signal (an abort) has no code.
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Builds the worked example, applies `break_it`, and checks that `build`
/// and `check` both fail with exit status 1, the messages in `expected`,
/// no crash, and the previous output untouched. Returns stderr.
fn refused(break_it: impl FnOnce(&Fixture), expected: &[&str]) -> String {
    let site = Fixture::worked_example();
    site.build();
    let before = snapshot(&site.public());
    assert!(!before.is_empty());
    break_it(&site);
    let started = Instant::now();
    let (code, err) = run(&site, "build");
    let took = started.elapsed();
    assert_eq!(code, EXIT_INVALID, "exit status for invalid input:\n{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    for crash in ["stack overflow", "panicked", "fatal runtime error"] {
        assert!(!err.contains(crash), "{err}");
    }
    assert!(
        took < Duration::from_secs(20),
        "refused after {took:?}: the check must come before rendering"
    );
    assert_eq!(
        snapshot(&site.public()),
        before,
        "previous output must be unchanged"
    );
    let (code, check_err) = run(&site, "check");
    assert_eq!(code, EXIT_INVALID, "{check_err}");
    assert_eq!(check_err, err, "check reports the same");
    err
}

#[test]
fn a_750_deep_include_chain_is_refused_without_a_crash() {
    let err = refused(
        |s| chain(s, "404.html", "t", 751, 1),
        &[
            "error: templates include or extend one another 751 deep, more than the limit of 32: \
             404.html → t1.html → t2.html → t3.html → t4.html → … → \
             t746.html → t747.html → t748.html → t749.html → t750.html",
            " --> templates/t31.html:1:6",
            "1 | [t31]{% include \"t32.html\" %}",
            "= help: `t31.html` is template 32 of this chain",
        ],
    );
    assert!(err.ends_with("error: 1 problem in 1 file\n"), "{err}");
}

#[test]
fn an_include_cycle_is_refused_with_its_chain() {
    refused(
        |s| {
            s.write("templates/404.html", "{% include \"a.html\" %}");
            s.write("templates/a.html", "a{% include \"b.html\" %}");
            s.write("templates/b.html", "b\n  {% include \"a.html\" %}");
        },
        &[
            "error: templates include or extend one another in a circle: \
             404.html → a.html → b.html → a.html",
            " --> templates/b.html:2:3",
            "= help: `b.html` includes `a.html`, which leads back to it",
        ],
    );
}

#[test]
fn an_extends_cycle_is_refused() {
    refused(
        |s| {
            s.write(
                "templates/a.html",
                "{% extends \"b.html\" %}{% block x %}a{% endblock %}",
            );
            s.write(
                "templates/b.html",
                "{% extends \"a.html\" %}{% block x %}b{% endblock %}",
            );
        },
        &[
            "templates include or extend one another in a circle: a.html → b.html → a.html",
            " --> templates/b.html:1:1",
            "`b.html` extends `a.html`",
        ],
    );
}

/// A page that extends `base.html`, whose override includes the page back:
/// Tera checks extends and includes apart and misses this circle, which
/// would recurse until the stack overflows.
#[test]
fn a_cycle_through_extends_and_include_is_refused() {
    refused(
        |s| {
            s.write(
                "templates/base.html",
                "<!doctype html><title>x</title>{% include \"404.html\" %}{% block content %}{% endblock %}",
            );
        },
        &[
            "templates include or extend one another in a circle: \
             benchmarks.html → base.html → 404.html → base.html",
            " --> templates/base.html:1:32",
            "`base.html` includes `404.html`, which leads back to it",
        ],
    );
}

/// Each template includes the next twice, 20 deep: 2^20 - 1 renders for
/// one page (rendering it takes seconds; 30 deep, a thousand times as long).
#[test]
fn a_fan_out_of_two_to_the_twentieth_is_refused_at_once() {
    refused(
        |s| chain(s, "404.html", "w", 20, 2),
        &[
            "error: templates include one another too often: one render of `404.html` renders \
             1048575 templates, more than the limit of 10000",
            " --> templates/w6.html:1:5",
            "= help: `w6.html` includes `w7.html` 2 times, and each renders 8191 templates",
        ],
    );
}

/// Builds `site`, checks it worked, and returns how long it took.
fn builds(site: &Fixture) -> Duration {
    let started = Instant::now();
    let (code, err) = run(site, "build");
    assert_eq!(code, 0, "{err}");
    started.elapsed()
}

#[test]
fn a_30_deep_chain_builds() {
    let site = Fixture::worked_example();
    chain(&site, "404.html", "t", 30, 1);
    let took = builds(&site);
    let page = site.output("404.html");
    let expected: String = (1..29).map(|i| format!("[t{i}]")).collect();
    assert_eq!(page, format!("{expected}[t29: the end]"));
    eprintln!("a 30-deep chain built in {took:?}");
}

/// The limit itself, on report pages, which render on the thread pool
/// (whose threads need the stack for it): `cohort.html` →
/// `partials/cohort.html` → `partials/chart.html` → `c1.html` … is 32
/// deep, renders fast; one more is refused.
#[test]
fn a_chain_of_the_limit_renders_fast_on_every_page() {
    let site = Fixture::worked_example();
    let override_chart = |s: &Fixture, n: usize| {
        chain(s, "partials/chart.html", "c", n, 1);
        let chart =
            std::fs::read_to_string(s.path().join("templates/partials/chart.html")).expect("read");
        s.write(
            "templates/partials/chart.html",
            format!("{{{{ chart.svg | safe }}}}{chart}"),
        );
    };
    override_chart(&site, 30);
    let took = builds(&site);
    let report = site.output("organizations/x/2025/index.html");
    assert!(report.contains("[c29: the end]"), "the chain rendered");
    assert!(
        took < Duration::from_secs(30),
        "a chain at the depth limit took {took:?} to build"
    );
    eprintln!("a chain at the depth limit built in {took:?}");

    override_chart(&site, 31);
    let (code, err) = run(&site, "build");
    assert_eq!(code, EXIT_INVALID, "{err}");
    assert!(err.contains("33 deep, more than the limit of 32"), "{err}");
    assert!(
        err.contains("partials/cohort.html → partials/chart.html → c1.html"),
        "{err}"
    );
}
