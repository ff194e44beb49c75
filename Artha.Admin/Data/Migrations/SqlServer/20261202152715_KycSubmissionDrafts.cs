using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Artha.Admin.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class KycSubmissionDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KycSubmissionDrafts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    ProductId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    ProtectedValues = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SubmittedByUserName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KycSubmissionDrafts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KycSubmissionDrafts_CustomerId_ProductId",
                table: "KycSubmissionDrafts",
                columns: new[] { "CustomerId", "ProductId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KycSubmissionDrafts_SubmittedAtUtc",
                table: "KycSubmissionDrafts",
                column: "SubmittedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KycSubmissionDrafts");
        }
    }
}
