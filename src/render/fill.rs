//! The `fill` filter: an interface string with its `{name}` placeholders
//! filled in, in one pass, from the filter's arguments:
//! `{{ t.report.since | fill(period=report.change.period) }}`.
//!
//! Each value is escaped as `{{ }}` would print it (numbers as Tera writes
//! them, strings escaped), except a value that is already safe, such as a
//! link captured with `{% set link %}…{% endset %}`, which goes in as it
//! is; the string itself is escaped first. A chain of `replace` filters
//! does the same, but copies and searches the whole string once per
//! placeholder, and lets a value that holds `{name}` be filled again; a
//! report page fills some sixty strings.

use tera::{Kwargs, State, StringInput, TeraResult, Value};

/// The filter (see the module's documentation).
pub(super) fn fill(text: StringInput<'_>, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
    let template = text.rendered(state)?;
    let mut values: Vec<(&str, String)> = Vec::new();
    for (name, value) in kwargs.iter() {
        if let Some(name) = name.as_str() {
            values.push((name, state.escape_if_needed(value)?));
        }
    }
    let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let filled = crate::text::fill(&template, &values);
    Ok(if state.autoescaping_enabled() {
        Value::safe_string(&filled)
    } else {
        Value::from(filled)
    })
}

#[cfg(test)]
mod tests {
    use tera::{Context, Tera};

    fn render(template: &str, context: &Context) -> String {
        let mut tera = Tera::default();
        tera.autoescape_on([".html"]);
        tera.register_filter("fill", super::fill);
        tera.add_raw_template("a.html", template).unwrap();
        tera.render("a.html", context).unwrap()
    }

    #[test]
    fn placeholders_are_filled_escaped_and_safe_values_kept() {
        let mut ctx = Context::new();
        ctx.insert("s", "{n} of {name} & {link}: {n}");
        ctx.insert("name", "R&D <Ops> {n}");
        assert_eq!(
            render(
                r#"{% set link %}<a href="x">{{ name }}</a>{% endset %}{{ s | fill(n=3, name=name, link=link) }}"#,
                &ctx
            ),
            r#"3 of R&amp;D &lt;Ops&gt; {n} &amp; <a href="x">R&amp;D &lt;Ops&gt; {n}</a>: 3"#
        );
        ctx.insert("s", "{x} and {missing}");
        assert_eq!(render("{{ s | fill(x=2.5) }}", &ctx), "2.5 and {missing}");
    }
}
