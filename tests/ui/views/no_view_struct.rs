// `view = false`: no `AuditView` is generated.
#[leyline::message(package = "ui.v1", view = false)]
pub struct Audit {
    #[leyline(field = 1)]
    pub who: String,
}

fn main() {
    let _: Option<AuditView<'static>> = None;
}
