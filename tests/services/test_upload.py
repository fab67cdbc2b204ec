"""A chart goes out the way files_upload_v2 sends it: an upload URL, the bytes, then the share, with alt text."""

from __future__ import annotations

from bot.render.charts import bar_chart, line_chart
from bot.services import send
from bot.services.uow import UnitOfWork
from bot.standin.world import World


async def test_a_png_is_uploaded_through_the_outbox_into_a_thread_with_its_alt_text(world: World) -> None:
    png = bar_chart("Answered within 24 h", ["W47", "W48"], [0.5, None])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with UnitOfWork(world.services.engine, world.clock) as uow:
        post = uow.send(send.to_channel("bulletin", "C0UPDATE1", {"text": "the bulletin"}, purpose="bulletin"))
        uow.send(
            send.upload(
                "bulletin:chart",
                "C0UPDATE1",
                png,
                filename="w48.png",
                title="Answered within 24 h",
                alt_text="Bar chart: 50% in W47, no data in W48",
                purpose="bulletin",
                thread_of=post,
            )
        )
        uow.commit()
    await world.settle()
    [parent, shared] = world.slack.messages("C0UPDATE1")
    assert shared["thread_ts"] == parent["ts"]
    [file] = shared["files"]
    assert file["title"] == "Answered within 24 h" and file["alt_txt"].startswith("Bar chart: 50%")
    assert world.slack.files[file["id"]]["content"] == png
    methods = [c.method for c in world.slack.calls]
    assert (
        methods.index("files.getUploadURLExternal")
        < methods.index("upload")
        < methods.index("files.completeUploadExternal")
    )


def test_a_line_chart_is_a_png_and_missing_weeks_are_not_drawn_as_zero() -> None:
    png = line_chart("Adoption", ["W47", "W48"], {"Ward 7": [0.2, None], "Ward 9": [None, 0.5]})
    assert png.startswith(b"\x89PNG") and len(png) > 1000
