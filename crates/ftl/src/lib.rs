//! `floordesk-ftl`: compiles the UI's texts, `src-ui/locales/ru.ftl` and `en.ftl`, into Rust (the UI's build script
//! writes it to `$OUT_DIR/messages.rs`, included by `src-ui/src/i18n.rs`), so that no Fluent runtime reaches the
//! wasm. Generated: `enum Msg` (a variant per message without
//! variables) with `Msg::ALL`, `t(lang, msg)`, and a function per message with variables, whose parameters are its
//! variables in order of first appearance in `ru.ftl` (a select's selector is a `u64` count, any other variable
//! `impl Display`).
//!
//! Only what the UI uses is supported: text, `{ $var }`, and selects on a count (`[one]`, `[few]`, `[many]`,
//! `*[other]` by the language's integer plural rules, or an exact number like `[0]`). Anything else, messages
//! missing from either file, or variables that differ between the languages fail the build, naming the file and
//! the message.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use fluent_syntax::ast;

/// The languages, as `(file stem, Rust variant of Lang, plural categories its counts take)`; the first is the
/// reference for the order of messages and of variables.
pub const LANGS: [(&str, &str, &[&str]); 2] =
    [("ru", "Ru", &["one", "few", "many", "other"]), ("en", "En", &["one", "other"])];

/// A piece of a message's pattern.
enum Part {
    Text(String),
    Var(String),
    Select { var: String, numbers: Vec<(u64, Vec<Part>)>, categories: Vec<(String, Vec<Part>)>, default: Vec<Part> },
}

/// One message of one file.
struct Message {
    id: String,
    comment: Vec<String>,
    parts: Vec<Part>,
}

/// The Rust source of the messages of every language of [`LANGS`], from `sources` (one `(name, text)` per language, in
/// the order of [`LANGS`]; `name` is how errors name the file). Every problem found is in the error, naming the file
/// and the message.
pub fn compile(sources: &[(&str, &str)]) -> Result<String, Vec<String>> {
    let mut errors = Vec::new();
    if sources.len() != LANGS.len() {
        return Err(vec![format!("{} files given for {} languages", sources.len(), LANGS.len())]);
    }
    let names: Vec<&str> = sources.iter().map(|(name, _)| *name).collect();
    let files: Vec<Vec<Message>> = sources
        .iter()
        .zip(LANGS)
        .map(|((name, source), (_, _, categories))| read(name, source, categories, &mut errors))
        .collect();
    let code = generate(&files, &names, &mut errors);
    if errors.is_empty() {
        Ok(code)
    } else {
        Err(errors)
    }
}

/// The messages of one file, in order; what cannot be compiled goes to `errors`.
fn read(name: &str, source: &str, categories: &[&str], errors: &mut Vec<String>) -> Vec<Message> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((resource, parse_errors)) => {
            for e in parse_errors {
                let line = source[..e.pos.start.min(source.len())].matches('\n').count() + 1;
                let id = e.slice.map(|s| source[s].trim_start().split([' ', '=']).next().unwrap_or("").to_owned());
                errors.push(format!("{name}:{line}: message `{}`: {}", id.unwrap_or_default(), e.kind));
            }
            resource
        }
    };
    let mut messages: Vec<Message> = Vec::new();
    for entry in resource.body {
        match entry {
            ast::Entry::Message(m) => {
                let id = m.id.name.to_owned();
                let mut problem = |what: String| errors.push(format!("{name}: message `{id}`: {what}"));
                if messages.iter().any(|other| other.id == id) {
                    problem("defined twice".into());
                }
                if !m.attributes.is_empty() {
                    problem("attributes (`.name = …`) are not supported".into());
                }
                let Some(value) = m.value else {
                    problem("has no value".into());
                    continue;
                };
                let parts = pattern(&value, categories, &mut problem);
                let comment =
                    m.comment.map(|c| c.content.iter().map(|l| (*l).to_owned()).collect()).unwrap_or_default();
                messages.push(Message { id, comment, parts });
            }
            ast::Entry::Term(t) => errors.push(format!("{name}: term `-{}`: terms are not supported", t.id.name)),
            ast::Entry::Comment(_) | ast::Entry::GroupComment(_) | ast::Entry::ResourceComment(_) => {}
            // Already reported by the parser.
            ast::Entry::Junk { .. } => {}
        }
    }
    messages
}

/// A pattern as parts; what is not supported is reported through `problem`.
fn pattern(pattern: &ast::Pattern<&str>, categories: &[&str], problem: &mut impl FnMut(String)) -> Vec<Part> {
    let mut parts = Vec::new();
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => match parts.last_mut() {
                Some(Part::Text(text)) => text.push_str(value),
                _ => parts.push(Part::Text((*value).to_owned())),
            },
            ast::PatternElement::Placeable { expression: ast::Expression::Inline(inline) } => match variable(inline) {
                Some(var) => parts.push(Part::Var(var)),
                None => problem(format!("{} is not supported, only {{ $variable }}", describe(inline))),
            },
            ast::PatternElement::Placeable { expression: ast::Expression::Select { selector, variants } } => {
                let Some(var) = variable(selector) else {
                    problem(format!("a select on {} is not supported, only on a $variable", describe(selector)));
                    continue;
                };
                let (mut numbers, mut keyed, mut default) = (Vec::new(), Vec::new(), None);
                for v in variants {
                    let value = self::pattern(&v.value, categories, problem);
                    if v.default {
                        default = Some(value);
                        continue;
                    }
                    match &v.key {
                        ast::VariantKey::NumberLiteral { value: number } => match number.parse::<u64>() {
                            Ok(n) => numbers.push((n, value)),
                            Err(_) => problem(format!("variant [{number}]: only whole numbers are supported")),
                        },
                        ast::VariantKey::Identifier { name } if categories.contains(name) => {
                            keyed.push(((*name).to_owned(), value));
                        }
                        ast::VariantKey::Identifier { name } => problem(format!(
                            "variant [{name}]: not a plural category of this language (only {})",
                            categories.join(", ")
                        )),
                    }
                }
                match default {
                    Some(default) => parts.push(Part::Select { var, numbers, categories: keyed, default }),
                    None => problem(format!("the select on ${var} has no default variant (*[…])")),
                }
            }
        }
    }
    parts
}

/// The name of the variable `inline` is, if it is one.
fn variable(inline: &ast::InlineExpression<&str>) -> Option<String> {
    match inline {
        ast::InlineExpression::VariableReference { id } => Some(id.name.to_owned()),
        _ => None,
    }
}

/// What an unsupported expression is, for an error.
fn describe(inline: &ast::InlineExpression<&str>) -> String {
    match inline {
        ast::InlineExpression::StringLiteral { value } => format!("a string literal (\"{value}\")"),
        ast::InlineExpression::NumberLiteral { value } => format!("a number literal ({value})"),
        ast::InlineExpression::FunctionReference { id, .. } => format!("a function call ({}())", id.name),
        ast::InlineExpression::MessageReference { id, .. } => format!("a message reference ({})", id.name),
        ast::InlineExpression::TermReference { id, .. } => format!("a term reference (-{})", id.name),
        ast::InlineExpression::VariableReference { id } => format!("${}", id.name),
        ast::InlineExpression::Placeable { .. } => "a nested placeable".into(),
    }
}

/// The variables of `parts` in order of first appearance, each with whether it selects (a count).
fn variables(parts: &[Part], found: &mut Vec<(String, bool)>) {
    fn note(found: &mut Vec<(String, bool)>, var: &str, selects: bool) {
        match found.iter_mut().find(|(v, _)| v == var) {
            Some((_, s)) => *s |= selects,
            None => found.push((var.to_owned(), selects)),
        }
    }
    for part in parts {
        match part {
            Part::Text(_) => {}
            Part::Var(var) => note(found, var, false),
            Part::Select { var, numbers, categories, default } => {
                note(found, var, true);
                for body in numbers.iter().map(|(_, b)| b).chain(categories.iter().map(|(_, b)| b)) {
                    variables(body, found);
                }
                variables(default, found);
            }
        }
    }
}

/// The Rust source of the messages of every language; the first language's file sets the order.
fn generate(files: &[Vec<Message>], names: &[&str], errors: &mut Vec<String>) -> String {
    let by_id: Vec<BTreeMap<&str, &Message>> =
        files.iter().map(|messages| messages.iter().map(|m| (m.id.as_str(), m)).collect()).collect();
    let ids: Vec<BTreeSet<&str>> = by_id.iter().map(|m| m.keys().copied().collect()).collect();
    for (i, stem) in names.iter().enumerate() {
        for (j, other) in names.iter().enumerate() {
            for missing in ids[i].difference(&ids[j]) {
                errors.push(format!("{other}: message `{missing}` of {stem} is missing"));
            }
        }
    }
    let mut fixed = Vec::new();
    let mut functions = Vec::new();
    for m in &files[0] {
        let mut vars = Vec::new();
        variables(&m.parts, &mut vars);
        for (j, stem) in names.iter().enumerate().skip(1) {
            if let Some(other) = by_id[j].get(m.id.as_str()) {
                let mut theirs = Vec::new();
                variables(&other.parts, &mut theirs);
                let vars_of = |v: &[(String, bool)]| v.iter().map(|(n, _)| format!("${n}")).collect::<BTreeSet<_>>();
                if vars_of(&vars) != vars_of(&theirs) {
                    errors.push(format!(
                        "{stem}: message `{}`: variables {:?} differ from {}'s {:?}",
                        m.id,
                        vars_of(&theirs),
                        names[0],
                        vars_of(&vars)
                    ));
                }
                for (var, selects) in &mut vars {
                    *selects |= theirs.iter().any(|(v, s)| v == var && *s);
                }
            }
        }
        if vars.is_empty() {
            fixed.push(m);
        } else {
            functions.push((m, vars));
        }
    }
    // Reported errors (here or in reading) may have left a message's parts incomplete.
    if !errors.is_empty() {
        return String::new();
    }

    let mut code = String::from(
        "// Generated by floordesk-ftl (src-ui/build.rs) from src-ui/locales/*.ftl: edit those, not this.\n\n",
    );
    code.push_str("/// A fixed text of the UI: a message of `locales/*.ftl` without variables.\n");
    code.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum Msg {\n");
    for m in &fixed {
        doc(&mut code, "    ", m);
        let _ = writeln!(code, "    {},", camel(&m.id));
    }
    code.push_str(
        "}\n\nimpl Msg {\n    /// Every fixed text, in the order of `ru.ftl` (for tests).\n    #[cfg(test)]\n",
    );
    let _ = writeln!(code, "    pub const ALL: [Msg; {}] = [", fixed.len());
    for m in &fixed {
        let _ = writeln!(code, "        Msg::{},", camel(&m.id));
    }
    code.push_str("    ];\n}\n\n");
    for (j, (stem, ..)) in LANGS.iter().enumerate() {
        let _ = writeln!(code, "/// The fixed texts of `{stem}.ftl`, indexed by `Msg`.");
        let _ = writeln!(code, "static {}: [&str; {}] = [", stem.to_uppercase(), fixed.len());
        for m in &fixed {
            let Some(Part::Text(text)) = by_id[j][m.id.as_str()].parts.first() else { unreachable!("no variables") };
            let _ = writeln!(code, "    {text:?},");
        }
        code.push_str("];\n\n");
    }
    code.push_str(
        "/// The text of `msg` in `lang`.\npub fn t(lang: Lang, msg: Msg) -> &'static str {\n    match lang {\n",
    );
    for (stem, variant, _) in LANGS {
        let _ = writeln!(code, "        Lang::{variant} => {}[msg as usize],", stem.to_uppercase());
    }
    code.push_str("    }\n}\n");

    for (m, vars) in functions {
        code.push('\n');
        doc(&mut code, "", m);
        let params: Vec<String> = vars
            .iter()
            .map(|(v, selects)| format!("{}: {}", snake(v), if *selects { "u64" } else { "impl std::fmt::Display" }))
            .collect();
        let _ = writeln!(
            code,
            "pub fn {}(lang: Lang, {}) -> String {{\n    match lang {{",
            snake(&m.id),
            params.join(", ")
        );
        for (j, (_, variant, _)) in LANGS.iter().enumerate() {
            let _ = writeln!(
                code,
                "        Lang::{variant} => {},",
                expression(&by_id[j][m.id.as_str()].parts, variant, true)
            );
        }
        code.push_str("    }\n}\n");
    }
    code
}

/// A Rust expression for `parts` in the language `variant` of `Lang`: a `String` if `owned` or if it formats
/// anything, a `&'static str` otherwise.
fn expression(parts: &[Part], variant: &str, owned: bool) -> String {
    match parts {
        [Part::Text(text)] if owned => return format!("String::from({text:?})"),
        [Part::Text(text)] => return format!("{text:?}"),
        [Part::Select { var, numbers, categories, default }] => {
            return selection(var, numbers, categories, default, variant, owned);
        }
        _ => {}
    }
    let mut format = String::new();
    let mut args = String::new();
    for part in parts {
        match part {
            Part::Text(text) => format.push_str(&text.replace('{', "{{").replace('}', "}}")),
            Part::Var(var) => {
                let _ = write!(format, "{{{}}}", snake(var));
            }
            Part::Select { var, numbers, categories, default } => {
                format.push_str("{}");
                let _ = write!(args, ", {}", selection(var, numbers, categories, default, variant, false));
            }
        }
    }
    format!("format!({format:?}{args})")
}

/// A Rust expression choosing a select's variant (see `expression`): exact numbers first, then the count's
/// plural category, then the default.
fn selection(
    var: &str,
    numbers: &[(u64, Vec<Part>)],
    categories: &[(String, Vec<Part>)],
    default: &[Part],
    variant: &str,
    owned: bool,
) -> String {
    let bodies = numbers.iter().map(|(_, b)| b.as_slice()).chain(categories.iter().map(|(_, b)| b.as_slice()));
    let owned = owned || bodies.chain([default]).any(|b| !matches!(b, [Part::Text(_)]));
    let var = snake(var);
    let mut code = expression(default, variant, owned);
    if !categories.is_empty() {
        let mut arms = String::new();
        for (category, body) in categories {
            let _ = write!(arms, "Plural::{} => {}, ", camel(category), expression(body, variant, owned));
        }
        code = format!("match plural(Lang::{variant}, {var}) {{ {arms}_ => {code} }}");
    }
    if !numbers.is_empty() {
        let mut arms = String::new();
        for (n, body) in numbers {
            let _ = write!(arms, "{n} => {}, ", expression(body, variant, owned));
        }
        code = format!("match {var} {{ {arms}_ => {code} }}");
    }
    code
}

/// A message's doc comment: the translators' comment of the first language, and the message's id.
fn doc(code: &mut String, indent: &str, m: &Message) {
    for line in &m.comment {
        let _ = writeln!(code, "{indent}/// {line}");
    }
    if !m.comment.is_empty() {
        let _ = writeln!(code, "{indent}///");
    }
    let _ = writeln!(code, "{indent}/// `{}`", m.id);
}

/// `sign-in-title` → `SignInTitle`.
fn camel(id: &str) -> String {
    id.split(['-', '_'])
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// `minutes-left` → `minutes_left`.
fn snake(id: &str) -> String {
    id.replace('-', "_").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(ru: &str, en: &str) -> Result<String, Vec<String>> {
        compile(&[("ru.ftl", ru), ("en.ftl", en)])
    }

    #[test]
    fn fixed_texts_become_msg_variants_and_t() {
        let code = both("# The title.\nsign-in-title = Вход в смену\n", "sign-in-title = Start your shift\n").unwrap();
        assert!(code.contains("SignInTitle"), "{code}");
        assert!(code.contains("/// The title."), "{code}");
        assert!(code.contains("pub fn t(lang: Lang, msg: Msg) -> &'static str"), "{code}");
        assert!(code.contains("\"Вход в смену\"") && code.contains("\"Start your shift\""), "{code}");
    }

    #[test]
    fn a_message_with_a_count_becomes_a_function_with_plural_forms() {
        let ru = "minutes-left = { $n ->\n    [one] осталась { $n } минута\n    [few] осталось { $n } минуты\n   *[many] осталось { $n } минут\n}\n";
        let en = "minutes-left = { $n ->\n    [one] { $n } minute left\n   *[other] { $n } minutes left\n}\n";
        let code = both(ru, en).unwrap();
        assert!(code.contains("pub fn minutes_left(lang: Lang, n: u64) -> String"), "{code}");
        assert!(code.contains("Plural::Few"), "{code}");
    }

    #[test]
    fn a_message_missing_from_one_file_is_named() {
        let errors = both("a = А\nb = Б\n", "a = A\n").unwrap_err();
        assert_eq!(errors, vec!["en.ftl: message `b` of ru.ftl is missing".to_owned()]);
    }

    #[test]
    fn variables_that_differ_between_the_languages_are_named() {
        let errors = both("greet = Привет, { $name }\n", "greet = Hello, { $who }\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("en.ftl: message `greet`: variables"), "{errors:?}");
    }

    #[test]
    fn unsupported_syntax_fails_with_the_file_and_the_message() {
        let errors = both("-brand = FloorDesk\nx = X\n", "x = X\n").unwrap_err();
        assert!(errors.iter().any(|e| e == "ru.ftl: term `-brand`: terms are not supported"), "{errors:?}");
        let errors = both("x = X\n    .title = T\n", "x = X\n").unwrap_err();
        assert!(errors.iter().any(|e| e.contains("attributes")), "{errors:?}");
        let errors = both("x = X\nx = Y\n", "x = X\n").unwrap_err();
        assert!(errors.iter().any(|e| e == "ru.ftl: message `x`: defined twice"), "{errors:?}");
    }
}
